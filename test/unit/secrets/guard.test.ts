/**
 * The secrets guard on single messages: each kind of secret is redacted with its marker in the
 * languages customers write, and what only looks like a secret (transaction hashes, addresses,
 * order ids, amounts, ordinary sentences) is left as the customer wrote it.
 */
import { describe, expect, it } from 'vitest';
import { guardSecrets } from '../../../src/core/secrets/guard.ts';
import { secretsDetected, secretsEvents } from '../../../src/core/secrets/events.ts';
import { redactionMarkers, secretKinds, type SecretKind } from '../../../src/core/secrets/types.ts';
import { apiSecret, hexKeys, wifCompressed, wifUncompressed, xprv } from './samples.ts';

function kindsIn(text: string, context = {}): SecretKind[] {
  return guardSecrets(text, context).findings.map((finding) => finding.kind);
}

function expectRedacted(text: string, secret: string, kind: SecretKind): void {
  const result = guardSecrets(text);
  expect(result.findings.map((f) => f.kind)).toContain(kind);
  expect(result.text).toContain(redactionMarkers[kind]);
  expect(result.text).not.toContain(secret);
  expect(result.flagged).toBe(true);
}

function expectUntouched(text: string, context = {}): void {
  const result = guardSecrets(text, context);
  expect(result.findings).toEqual([]);
  expect(result.text).toBe(text);
  expect(result.flagged).toBe(false);
}

describe('the guard’s vocabulary', () => {
  it('lists every kind once, with a marker each, and names its event secrets.detected', () => {
    expect(secretKinds).toEqual(['seed_phrase', 'private_key', 'api_secret', 'password', 'one_time_code']);
    expect(Object.keys(redactionMarkers).sort()).toEqual([...secretKinds].sort());
    expect(redactionMarkers.one_time_code).toBe('[redacted: one-time code]');
    expect(secretsEvents.detected).toBe('secrets.detected');
  });

  it('builds the event payload from the findings: distinct kinds, never the secrets', () => {
    const { findings } = guardSecrets(`pwd: Sunflower#88, 2FA code 482913, key ${hexKeys[0]}, pwd: Sunflower#99`);
    expect(secretsDetected('c-1', 'm-1', findings)).toEqual({
      type: 'secrets.detected',
      conversationId: 'c-1',
      messageId: 'm-1',
      kinds: ['private_key', 'password', 'one_time_code'],
    });
  });
});

describe('private keys', () => {
  it.each([
    ['my private key is KEY can you restore the wallet', hexKeys[0]],
    ['I exported this from metamask: 0xKEY', hexKeys[1]],
    ['0XKEY', hexKeys[2].toUpperCase()],
    ['私钥：KEY', hexKeys[0]],
    ['мой приватный ключ KEY помогите', hexKeys[1]],
    ['here is the WIF KEY', wifUncompressed],
    ['KEY', wifCompressed],
    ['my electrum master key KEY', xprv],
  ])('redacts %s', (template, key) => {
    expectRedacted(template.replace('KEY', key), key, 'private_key');
  });

  it('gives the finding’s offsets into the original text', () => {
    const text = `key: 0x${hexKeys[0]}!`;
    const [finding] = guardSecrets(text).findings;
    expect(text.slice(finding!.start, finding!.end)).toBe(`0x${hexKeys[0]}`);
    expect(guardSecrets(text).text).toBe('key: [redacted: private key]!');
  });

  it('keeps a 64-hex string that the words around it call a transaction hash', () => {
    expectUntouched(`txid ${hexKeys[0]} still not credited`);
    expectUntouched(`tx hash: 0x${hexKeys[1]}`);
    expectUntouched(`https://etherscan.io/tx/0x${hexKeys[2]} please check`);
    expectUntouched(`交易哈希 ${hexKeys[0]}，一直没到账`);
    expectUntouched(`хэш транзакции ${hexKeys[1]}`);
    expectUntouched(`txids: ${hexKeys[0]}, ${hexKeys[1]}`);
    expectUntouched(`${hexKeys[2]} is the transaction`);
  });

  it('keeps a hash the exchange knows as the customer’s transaction, however it is written', () => {
    const context = { knownTxHashes: [`0x${hexKeys[0].toUpperCase()}`] };
    expectUntouched(`my deposit ${hexKeys[0]} did not arrive`, context);
    expect(kindsIn(`my deposit ${hexKeys[1]} did not arrive`, context)).toEqual(['private_key']);
  });

  it('redacts a key when "private key" is said nearer than "transaction"', () => {
    expect(kindsIn(`the transaction failed, so here is my private key ${hexKeys[0]}`)).toEqual(['private_key']);
  });

  it('keeps addresses, public keys and a WIF-shaped string with a broken checksum', () => {
    expectUntouched('send it to 0x52908400098527886E0F7030069857D2E4169EE7 please');
    expectUntouched('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq and TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf');
    expectUntouched(`xpub for accounting: xpub${xprv.slice(4)}`);
    expectUntouched(`${wifCompressed.slice(0, -1)}G`);
  });
});

describe('API secrets', () => {
  it.each([
    `API key: ${apiSecret.slice(0, 40)}\nSecret: ${apiSecret}`,
    `My API secret is ${apiSecret} why is the bot not trading?`,
    `{"apiKey":"${apiSecret.slice(8)}","apiSecret":"${apiSecret}"}`,
    `API密钥：${apiSecret}`,
    `clave secreta de la API: ${apiSecret}`,
  ])('redacts %s', (text) => {
    expectRedacted(text, apiSecret, 'api_secret');
  });

  it('keeps messages about API keys that offer none', () => {
    expectUntouched('where do I find my api secret?');
    expectUntouched('My API key and secret were leaked, please disable them');
  });
});

describe('passwords', () => {
  it.each([
    ['my password is Hunter2!2024, please check', 'Hunter2!2024'],
    ['pwd: Sunflower#88', 'Sunflower#88'],
    ['mi contraseña es Perro1234 y no me deja entrar', 'Perro1234'],
    ['minha senha é Gato@2023', 'Gato@2023'],
    ['мой пароль qwerty12345, не могу войти', 'qwerty12345'],
    ['şifrem Ankara06! ama giriş yapamıyorum', 'Ankara06!'],
    ['mon mot de passe est Soleil2023', 'Soleil2023'],
    ['mật khẩu của tôi là Hanoi@123', 'Hanoi@123'],
    ['كلمة المرور الخاصة بي هي Cairo2024', 'Cairo2024'],
    ['비밀번호는 seoul1234! 입니다', 'seoul1234!'],
    ['パスワードはTokyo2024です', 'Tokyo2024'],
    ['我的密码是abc123456，登录不上', 'abc123456'],
    ['mein Passwort ist Berlin2024!', 'Berlin2024!'],
    ['the password for my account is Qwerty123 thanks', 'Qwerty123'],
    ["password: 'correct horse battery staple'", 'correct horse battery staple'],
    ['login john.doe@yahoo.com:Winter2023!', 'Winter2023!'],
  ])('redacts %s', (text, password) => {
    expectRedacted(text, password, 'password');
  });

  it('redacts a password said twice', () => {
    expect(guardSecrets('my password is Hunter2!2024 and before that Hunter2!2024 too').text).toBe(
      'my password is [redacted: password] and before that [redacted: password] too',
    );
  });

  it('keeps complaints about passwords', () => {
    expectUntouched('my password is not working, I reset it twice');
    expectUntouched('I forgot my password, how do I reset it?');
    expectUntouched('my password is wrong');
    expectUntouched('Password: ********');
    expectUntouched("My passcode won't work.");
    expectUntouched("My password doesn't work.");
    expectUntouched('password must contain 8 characters');
    expectUntouched('mi contraseña no funciona desde ayer');
    expectUntouched('я забыл пароль от аккаунта');
  });
});

describe('one-time codes', () => {
  it.each([
    ['my 2FA code is 482913', '482913'],
    ['Google Authenticator: 402 981', '402 981'],
    ['here is the OTP 83920147 hurry', '83920147'],
    ['код из смс 583920', '583920'],
    ['el código es 847362', '847362'],
    ['验证码123456', '123456'],
    ['인증번호 449201 입니다', '449201'],
    ['認証コードは 382910 です', '382910'],
    ['der Bestätigungscode lautet 612093', '612093'],
    ['my google authenticator backup key: JBSW Y3DP EHPK 3PXP', 'JBSW Y3DP EHPK 3PXP'],
  ])('redacts %s', (text, code) => {
    expectRedacted(text, code, 'one_time_code');
  });

  it('redacts a code said twice, but not the same digits inside a longer number', () => {
    expect(guardSecrets('2FA code 482913, again 482913, order 14829137').text).toBe(
      '2FA code [redacted: one-time code], again [redacted: one-time code], order 14829137',
    );
  });

  it('keeps numbers that are ids, amounts or other codes', () => {
    expectUntouched('I deposited 250000 USDT yesterday');
    expectUntouched('order #12345678 was cancelled');
    expectUntouched('my UID is 38291047');
    expectUntouched('referral code 84920133 gave no bonus');
    expectUntouched('código de error 100013 al retirar');
    expectUntouched('The API key I created returns error code 100013');
    expectUntouched('I did not receive the 2FA code, my phone number is +7 916 123 4567');
    expectUntouched('order 123456 and the 2FA code does not come');
    expectUntouched('I got code 1234 but it expired');
    expectUntouched('XRP with destination tag 104829');
  });
});

describe('ordinary messages', () => {
  it.each([
    'I want to buy a ticket',
    'Can you please check my account, I want to buy a ticket for the event but the card payment keeps failing',
    'Never noticed this fee until now. Can you please explain what it is for and when it was added?',
    'still nothing arrived, market price dropped again, total loss now, please refund, cancel order, close account, thank you very much',
    'my seed phrase is safe, I never shared it with anyone',
    'Hola, hice un depósito de USDT por la red TRC20 hace tres horas y todavía no aparece en mi cuenta.',
    '我的账户被冻结了不知道为什么我没有做任何违规的事情请尽快帮我解决这个问题',
    '今天早上登录的时候一直提示系统繁忙请稍后再试是服务器出问题了吗',
    '請問提幣為什麼需要這麼久我已經等了一整天了還是顯示審核中',
    'こんにちは、出金がずっと保留中のままです。どうすればいいですか？',
    '출금 신청 확인 부탁 드립니다',
    'last login 2024-05-12 14:33:01 was not me',
  ])('keeps %s', (text) => {
    expectUntouched(text);
  });
});
