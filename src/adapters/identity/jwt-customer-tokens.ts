import { randomUUID } from 'node:crypto';
import { SignJWT, errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import type { CustomerPrincipal } from '../../core/identity/roles.ts';
import type { CustomerTokens } from '../../ports/identity.ts';

export interface JwtCustomerTokenOptions {
  /** How the exchange signs its customers' tokens. */
  algorithm: 'HS256' | 'ES256';
  secret?: string | undefined;
  publicKeyPem?: string | undefined;
  issuer?: string | undefined;
  /** Signs the platform's own visitor tokens. */
  visitorSecret: string;
  visitorTtlSeconds?: number;
}

const VISITOR_ISSUER = 'relaydesk:visitor';

/** The claims an exchange puts in a customer token (like Intercom's and Zendesk's identity verification). */
const customerClaims = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  email: z.email().max(320).optional(),
  locale: z.string().max(35).optional(),
  tier: z.string().max(50).optional(),
  exp: z.number(),
});

/** Customer tokens signed by the exchange (HS256 or ES256) and visitor tokens signed by us. */
export async function createJwtCustomerTokens(options: JwtCustomerTokenOptions): Promise<CustomerTokens> {
  const encoder = new TextEncoder();
  // Keys are imported once: importing a raw secret on every verify doubles its cost.
  const visitorKey = await importHmacKey(encoder.encode(options.visitorSecret));
  let exchangeKey: CryptoKey;
  if (options.algorithm === 'ES256') {
    if (!options.publicKeyPem) throw new Error('ES256 needs a public key');
    exchangeKey = await importSPKI(options.publicKeyPem, 'ES256');
  } else {
    if (!options.secret) throw new Error('HS256 needs a secret');
    exchangeKey = await importHmacKey(encoder.encode(options.secret));
  }
  const verified = new VerifiedTokenCache(VERIFIED_TOKEN_CACHE_SIZE);
  const visitorTtl = options.visitorTtlSeconds ?? 24 * 3600;

  async function verifyWith(token: string, key: CryptoKey, algorithms: string[], issuer?: string): Promise<JWTPayload> {
    return (await jwtVerify(token, key, { algorithms, issuer, requiredClaims: ['sub', 'exp'] })).payload;
  }

  /** Verify signature and claims; the principal is returned with the token's expiry (ms). */
  async function verifyUncached(token: string): Promise<{ principal: CustomerPrincipal; expiresAtMs: number }> {
    try {
      const unverified = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
      if (unverified.iss === VISITOR_ISSUER) {
        const payload = await verifyWith(token, visitorKey, ['HS256'], VISITOR_ISSUER);
        return { principal: visitor(String(payload.sub)), expiresAtMs: Number(payload.exp) * 1000 };
      }
      const payload = customerClaims.parse(await verifyWith(token, exchangeKey, [options.algorithm], options.issuer));
      if (payload.sub.startsWith('visitor:')) throw new DomainError('token_invalid');
      const principal: CustomerPrincipal = {
        kind: 'customer',
        customerId: payload.sub,
        visitor: false,
        name: payload.name ?? null,
        email: payload.email ?? null,
        locale: payload.locale ?? null,
        tier: payload.tier ?? null,
      };
      return { principal, expiresAtMs: payload.exp * 1000 };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const expired = err instanceof errors.JWTExpired;
      throw new DomainError('token_invalid', expired ? 'The token has expired' : undefined);
    }
  }

  return {
    async verify(token) {
      if (token.length > 8192) throw new DomainError('token_invalid');
      const known = verified.get(token, Date.now());
      if (known) return known;
      const { principal, expiresAtMs } = await verifyUncached(token);
      verified.set(token, principal, expiresAtMs);
      return principal;
    },
    async issueVisitor() {
      const id = `visitor:${randomUUID()}`;
      const expiresAt = new Date(Date.now() + visitorTtl * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(id)
        .setIssuer(VISITOR_ISSUER)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(visitorKey);
      return { token, customer: visitor(id), expiresAt };
    },
  };
}

async function importHmacKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/**
 * Widgets send the same token with every request and frame; a token that verified once verifies the
 * same way until it expires (its text fixes its signature and claims), so its principal is kept. The
 * map is bounded and evicts the oldest entry first.
 */
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

class VerifiedTokenCache {
  private readonly entries = new Map<string, { principal: CustomerPrincipal; expiresAtMs: number }>();

  constructor(private readonly capacity: number) {}

  get(token: string, nowMs: number): CustomerPrincipal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  set(token: string, principal: CustomerPrincipal, expiresAtMs: number): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { principal, expiresAtMs });
  }
}

function visitor(id: string): CustomerPrincipal {
  return { kind: 'customer', customerId: id, visitor: true, name: null, email: null, locale: null, tier: null };
}

/** Sign a customer token the way an exchange would (demo mode and tests). */
export async function signCustomerToken(
  secret: string,
  claims: { sub: string; name?: string; email?: string; locale?: string; tier?: string },
  ttlSeconds = 3600,
): Promise<string> {
  return new SignJWT({ name: claims.name, email: claims.email, locale: claims.locale, tier: claims.tier })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
