import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJwtCustomerTokens, signCustomerToken } from '../../../src/adapters/identity/jwt-customer-tokens.ts';

const secret = 'exchange-shared-secret-of-at-least-32-chars';
const visitorSecret = 'platform-visitor-secret-of-at-least-32-chars';

describe('customer identity tokens', () => {
  afterEach(() => vi.useRealTimers());

  it('accepts a token the exchange signed with HS256 and reads its claims', async () => {
    const tokens = await createJwtCustomerTokens({ algorithm: 'HS256', secret, visitorSecret });
    const token = await signCustomerToken(secret, { sub: 'user-42', name: 'Ana', email: 'ana@example.com', locale: 'pt-BR', tier: 'vip2' });
    expect(await tokens.verify(token)).toEqual({
      kind: 'customer', customerId: 'user-42', visitor: false, name: 'Ana', email: 'ana@example.com', locale: 'pt-BR', tier: 'vip2',
    });
  });

  it('accepts ES256 tokens verified with the exchange public key, and refuses HS256 ones then', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const tokens = await createJwtCustomerTokens({ algorithm: 'ES256', publicKeyPem: await exportSPKI(publicKey), visitorSecret });
    const good = await new SignJWT({ name: 'Kenji' }).setProtectedHeader({ alg: 'ES256' }).setSubject('u-7').setExpirationTime('5m').sign(privateKey);
    expect((await tokens.verify(good)).customerId).toBe('u-7');
    const hs = await signCustomerToken(secret, { sub: 'u-7' });
    await expect(tokens.verify(hs)).rejects.toMatchObject({ code: 'token_invalid' });
  });

  it('refuses expired, forged, unsigned and claim-less tokens with token_invalid', async () => {
    const tokens = await createJwtCustomerTokens({ algorithm: 'HS256', secret, visitorSecret, issuer: 'exchange.example' });
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('exchange.example')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(secret));
    await expect(tokens.verify(expired)).rejects.toMatchObject({ code: 'token_invalid', message: 'The token has expired' });
    const wrongKey = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('exchange.example')
      .setExpirationTime('5m').sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const wrongIssuer = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('evil')
      .setExpirationTime('5m').sign(new TextEncoder().encode(secret));
    const noExpiry = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('exchange.example')
      .sign(new TextEncoder().encode(secret));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","iss":"exchange.example","exp":9999999999}').toString('base64url')}.`;
    for (const token of [wrongKey, wrongIssuer, noExpiry, unsigned, 'garbage', '']) {
      await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'token_invalid' });
    }
  });

  it('issues visitor tokens that verify as visitors and cannot be minted by the exchange key', async () => {
    const tokens = await createJwtCustomerTokens({ algorithm: 'HS256', secret, visitorSecret });
    const issued = await tokens.issueVisitor();
    const visitor = await tokens.verify(issued.token);
    expect(visitor).toMatchObject({ visitor: true, customerId: issued.customer.customerId });
    expect(visitor.customerId).toMatch(/^visitor:/);
    // An exchange token may not claim a visitor id (it would read a visitor's conversations).
    const spoof = await signCustomerToken(secret, { sub: visitor.customerId });
    await expect(tokens.verify(spoof)).rejects.toMatchObject({ code: 'token_invalid' });
  });

  it('stops accepting a token it verified before once the token expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = await createJwtCustomerTokens({ algorithm: 'HS256', secret, visitorSecret });
    const token = await signCustomerToken(secret, { sub: 'user-9' }, 60);
    expect((await tokens.verify(token)).customerId).toBe('user-9');
    expect((await tokens.verify(token)).customerId).toBe('user-9');
    vi.setSystemTime(Date.now() + 61_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'token_invalid', message: 'The token has expired' });
  });
});
