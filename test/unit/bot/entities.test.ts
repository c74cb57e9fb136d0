/**
 * Entity extraction: every kind (networks by name and coin, hashes and addresses by format, memos
 * and tags, amounts in both decimal conventions, ids, emails), real messages in the 14 languages,
 * what must not be read as an entity, every address and hash of the demo exchange, and a property:
 * no text makes it throw, and every span is where it says in the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoExchange } from '../../../src/adapters/exchange/simulated/demo-data.ts';
import { extractEntities, normaliseNumber, summariseEntities, type Entity, type EntityKind } from '../../../src/core/bot/entities.ts';
import type { Language } from '../../../src/core/conversations/types.ts';

const evmTx = '0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b';
const evmAddress = '0x52908400098527886E0F7030069857D2E4169EE7';
const hexTx = 'a1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d';
const xrpTx = 'E3FE6EA3D48F0C2B639448020EA4F03D4F4F8FFDB243A852A0F59177921B4879';
const solanaSignature = '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW';
const tronAddress = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const bech32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const bech32Body = (length: number) => Array.from({ length }, (_, i) => bech32[(i * 7) % 32]).join('');

const of = <K extends EntityKind>(entities: Entity[], kind: K) =>
  entities.filter((entity): entity is Extract<Entity, { kind: K }> => entity.kind === kind);
const only = <K extends EntityKind>(text: string, kind: K, language?: Language) => of(extractEntities(text, { language }), kind);

describe('networks', () => {
  it.each([
    ['sent via TRC20', 'TRC20'], ['red TRC20 por favor', 'TRC20'], ['сеть трон', 'TRC20'], ['через трона', 'TRC20'],
    ['用波场转的', 'TRC20'], ['トロンで送金', 'TRC20'], ['트론으로 보냈어요', 'TRC20'], ['Tron network', 'TRC20'],
    ['BEP20', 'BEP20'], ['BSC', 'BEP20'], ['bnb smart chain', 'BEP20'], ['ERC-20', 'ERC20'], ['on ethereum', 'ERC20'],
    ['в эфире', 'ERC20'], ['以太坊', 'ERC20'], ['arbitrum one', 'ARBITRUM'], ['арбитрум', 'ARBITRUM'],
    ['アービトラムで', 'ARBITRUM'], ['用arbitrum转的', 'ARBITRUM'], ['мережа полігон', 'POLYGON'], ['avalanche c-chain', 'AVAXC'],
    ['Optimism', 'OPTIMISM'], ['sent USDC on Base', 'BASE'], ['solana', 'SOL'], ['солана', 'SOL'], ['ripple', 'XRP'],
    ['stellar', 'XLM'], ['toncoin', 'TON'], ['litecoin', 'LTC'], ['dogecoin', 'DOGE'], ['cardano', 'ADA'], ['bitcoin', 'BTC'],
  ])('%j names %s', (text, chain) => {
    expect(only(text, 'chain').map((mention) => [mention.chain, mention.via])).toEqual([[chain, 'network']]);
  });

  it.each([['BTC', 'BTC'], ['ETH', 'ERC20'], ['TRX', 'TRC20'], ['BNB', 'BEP20'], ['XLM', 'XLM'], ['SOL', 'SOL'], ['$SOL', 'SOL']])(
    'the coin %s suggests %s',
    (text, chain) => {
      expect(only(`my ${text} deposit`, 'chain').map((mention) => [mention.chain, mention.via])).toEqual([[chain, 'coin']]);
    },
  );

  it.each([
    ['tomando el sol'], ['ton compte est bloqué'], ['ada yang login ke akun saya'], ['the base fee is high'],
    ['electronic transfer'], ['он тронул'], ['USDT'], ['polygonal'],
  ])('%j names no network', (text) => {
    expect(only(text, 'chain')).toEqual([]);
  });
});

describe('transaction hashes by format', () => {
  it('reads 0x and 64 hex digits as an EVM transaction', () => {
    const [hash] = only(`tx ${evmTx}`, 'tx_hash');
    expect(hash?.value).toBe(evmTx);
    expect(hash?.chains).toEqual(['ERC20', 'BEP20', 'ARBITRUM', 'POLYGON', 'BASE', 'OPTIMISM', 'AVAXC']);
  });

  it('reads 64 hex digits as a BTC, TRON, XRP… transaction, XRP first when in capitals', () => {
    expect(only(hexTx, 'tx_hash')[0]?.chains.slice(0, 2)).toEqual(['BTC', 'TRC20']);
    expect(only(xrpTx, 'tx_hash')[0]?.chains[0]).toBe('XRP');
  });

  it('puts the network the customer names first', () => {
    expect(only(`TRC20 tx ${hexTx}`, 'tx_hash')[0]?.chains[0]).toBe('TRC20');
    expect(only(`sent on arbitrum ${evmTx}`, 'tx_hash')[0]?.chains[0]).toBe('ARBITRUM');
  });

  it('reads an 88-character base58 string as a Solana signature', () => {
    expect(only(`sig ${solanaSignature}`, 'tx_hash')).toMatchObject([{ value: solanaSignature, chains: ['SOL'] }]);
  });

  it('finds a hash inside an explorer link', () => {
    expect(only(`https://tronscan.org/#/transaction/${hexTx}`, 'tx_hash')[0]?.value).toBe(hexTx);
  });
});

describe('addresses by format', () => {
  it.each([
    [evmAddress, 'ERC20'],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'BTC'],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'BTC'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'BTC'],
    ['bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297', 'BTC'],
    [tronAddress, 'TRC20'],
    ['7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV', 'SOL'],
    ['rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', 'XRP'],
    ['EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2', 'TON'],
    ['UQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2', 'TON'],
    [`0:${hexTx}`, 'TON'],
    ['GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7', 'XLM'],
    [`ltc1q${bech32Body(38)}`, 'LTC'],
    ['DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L', 'DOGE'],
    [`addr1${bech32Body(98)}`, 'ADA'],
  ])('%s is an address, most likely on %s', (address, chain) => {
    const found = only(`send to ${address} please`, 'address');
    expect(found).toHaveLength(1);
    expect(found[0]?.value).toBe(address);
    expect(found[0]?.chains[0]).toBe(chain);
  });

  it('lists Solana too when a BTC or TRON address has a Solana address’s length', () => {
    expect(only(tronAddress, 'address')[0]?.chains).toEqual(['TRC20', 'SOL']);
  });

  it('finds every address and hash of the demo exchange, with its network among the candidates', () => {
    const records = buildDemoExchange(new Date('2025-03-01T00:00:00Z'));
    const pasted = [...records.deposits, ...records.withdrawals].flatMap((record) => [
      { kind: 'address' as const, value: record.address, chain: record.chain },
      ...(record.txHash ? [{ kind: 'tx_hash' as const, value: record.txHash, chain: record.chain }] : []),
    ]);
    expect(pasted.length).toBeGreaterThan(100);
    const missed = pasted.filter(({ kind, value, chain }) => {
      const found = only(`please check ${value}, thanks`, kind);
      return found.length !== 1 || found[0]?.value !== value || !found[0].chains.some((candidate) => candidate === chain);
    });
    expect(missed).toEqual([]);
  });
});

describe('memos and tags', () => {
  it.each([
    ['memo 12345', '12345'], ['tag: 998877', '998877'], ['MEMO: 104857', '104857'], ['destination tag 3141592653', '3141592653'],
    ['memo is 55512', '55512'], ['мемо 55512', '55512'], ['备注是 123456', '123456'], ['标签123456', '123456'],
    ['メモは 987654', '987654'], ['메모: 24680', '24680'], ['etiqueta 12345', '12345'], ['memo AB12CD', 'AB12CD'],
  ])('%j has the memo %s', (text, memo) => {
    expect(only(text, 'memo').map((entity) => entity.value)).toEqual([memo]);
  });

  it.each([['I forgot the memo for my XRP'], ['memo 2FA'], ['MEMO'], ['tag'], ['the tag was missing, 12345 USDT']])(
    '%j has no memo',
    (text) => {
      expect(only(text, 'memo')).toEqual([]);
    },
  );
});

describe('amounts', () => {
  it.each([
    ['250 USDT', '250', 'USDT'], ['0.5 BTC', '0.5', 'BTC'], ['0.5btc', '0.5', 'BTC'], ['1,200.50 usdt', '1200.5', 'USDT'],
    ['1.200,50 USDT', '1200.5', 'USDT'], ['1,200 USDT', '1200', 'USDT'], ['0,5 BTC', '0.5', 'BTC'], ['100 dollars', '100', 'USD'],
    ['$100', '100', 'USD'], ['100$', '100', 'USD'], ['€50', '50', 'EUR'], ['50 euros', '50', 'EUR'], ['R$ 250,00', '250', 'BRL'],
    ['USDT 250', '250', 'USDT'], ['100美元', '100', 'USD'], ['5000円', '5000', 'JPY'], ['10000원', '10000', 'KRW'],
    ['500 гривень', '500', 'UAH'], ['100 долларов', '100', 'USD'], ['1\u00a0000,50 USDT', '1000.5', 'USDT'],
    ['٢٥٠ USDT', '250', 'USDT'], ['１００USDT', '100', 'USDT'], ['0.00050000 BTC', '0.0005', 'BTC'],
  ])('%j is %s %s', (text, value, asset) => {
    const [amount] = only(text, 'amount');
    expect(amount).toMatchObject({ value, asset, text });
  });

  it('reads "1.200" as twelve hundred from a customer who writes a decimal comma', () => {
    expect(only('1.200 USDT', 'amount', 'de')[0]?.value).toBe('1200');
    expect(only('1.200 USDT', 'amount', 'en')[0]?.value).toBe('1.2');
    expect(only('Rp 50.000', 'amount', 'id')[0]).toMatchObject({ value: '50000', asset: 'IDR' });
    expect(only('¥500', 'amount', 'zh')[0]?.asset).toBe('CNY');
  });

  it.each([['TRC20'], ['2FA'], ['20 confirmations'], ['order 12345678'], ['5 sol'], ['10 ton'], ['ada 3 transaksi'], ['v1.2 app']])(
    '%j has no amount',
    (text) => {
      expect(only(text, 'amount')).toEqual([]);
    },
  );

  it('normalises numbers written either way', () => {
    expect(normaliseNumber('1,234,567.891')).toBe('1234567.891');
    expect(normaliseNumber('1.234.567,891')).toBe('1234567.891');
    expect(normaliseNumber('0.500')).toBe('0.5');
    expect(normaliseNumber('007')).toBe('7');
    expect(normaliseNumber('1,500', 'fr')).toBe('1.5');
  });
});

describe('ids and emails', () => {
  it('reads the exchange’s deposit and withdrawal ids, and order numbers after a keyword', () => {
    const ids = of(extractEntities('W1234567890, d-0987654321, order #12345678, 订单 87654321, ордер 7654321'), 'order_id');
    expect(ids.map(({ value, refers }) => [value, refers])).toEqual([
      ['W1234567890', 'withdrawal'], ['D0987654321', 'deposit'], ['12345678', 'order'], ['87654321', 'order'], ['7654321', 'order'],
    ]);
  });

  it.each([['W123'], ['W12345678901'], ['XW1234567890'], ['order 123']])('%j has no id', (text) => {
    expect(only(text, 'order_id')).toEqual([]);
  });

  it('reads an email without the sentence’s full stop', () => {
    expect(only('write to John.Doe@Example.com.', 'email')).toMatchObject([{ value: 'john.doe@example.com', text: 'John.Doe@Example.com' }]);
    expect(only('user@localhost', 'email')).toEqual([]);
  });
});

describe('real messages', () => {
  const kinds = (text: string, language?: Language) =>
    extractEntities(text, { language }).map((entity) => {
      const detail = 'chain' in entity ? entity.chain : 'asset' in entity ? `${entity.value} ${entity.asset}` : 'chains' in entity ? entity.chains[0] : entity.value;
      return `${entity.kind}:${detail}`;
    });

  it.each([
    ['ru', `Отправил 150 USDT через трон на ${tronAddress}, где деньги?`, ['amount:150 USDT', 'chain:TRC20', 'address:TRC20']],
    ['es', 'Mandé 0,25 BTC por la red Bitcoin y no llega', ['amount:0.25 BTC', 'chain:BTC', 'chain:BTC']],
    ['zh', `我用波场转了1,000 USDT，哈希 ${hexTx}，还没到账`, ['chain:TRC20', 'amount:1000 USDT', 'tx_hash:TRC20']],
    ['ar', 'أرسلت ٢٥٠ USDT عبر شبكة TRC20 والمذكرة memo 12345', ['amount:250 USDT', 'chain:TRC20', 'memo:12345']],
    ['ja', 'XRPの入金でタグ 12345 を入れ忘れました', ['chain:XRP', 'memo:12345']],
    ['tr', '2FA sıfırla ve W1234567890 çekimimi kontrol et', ['order_id:W1234567890']],
    ['pt', 'enviei R$ 500 pelo pix e não caiu', ['amount:500 BRL']],
    ['vi', 'nạp 500 USDT mạng BEP20 chưa về', ['amount:500 USDT', 'chain:BEP20']],
    ['id', 'deposit 1.500.000 Rp belum masuk', ['amount:1500000 IDR']],
    ['de', 'Auszahlung von 1.234,56 USDC über Polygon', ['amount:1234.56 USDC', 'chain:POLYGON']],
    ['ko', '트론으로 100 USDT 보냈는데 안 들어와요', ['chain:TRC20', 'amount:100 USDT']],
    ['uk', 'надіслав 0.1 ETH через арбітрум, мемо не потрібне', ['amount:0.1 ETH', 'chain:ERC20', 'chain:ARBITRUM']],
    ['fr', 'retrait W0000000042 de 300 € bloqué', ['order_id:W0000000042', 'amount:300 EUR']],
    ['en', `sent 1,200.50 usdt on arbitrum to ${evmAddress} tx ${evmTx}`, ['amount:1200.5 USDT', 'chain:ARBITRUM', 'address:ARBITRUM', 'tx_hash:ARBITRUM']],
  ] as Array<[Language, string, string[]]>)('%s: %s', (language, text, expected) => {
    expect(kinds(text, language)).toEqual(expected);
  });
});

describe('summary for the bot session', () => {
  it('keeps named networks over coins, and drops repeats', () => {
    const summary = summariseEntities(extractEntities(`sent ETH on arbitrum, 0.5 ETH, tx ${evmTx} tx ${evmTx} memo 123 memo 123`));
    expect(summary).toEqual({
      txHashes: [evmTx], addresses: [], chains: ['ARBITRUM'], memos: ['123'], amounts: [{ value: '0.5', asset: 'ETH' }], orderIds: [], emails: [],
    });
  });

  it('falls back on coins, then on formats only one network uses', () => {
    expect(summariseEntities(extractEntities('my BTC has not arrived')).chains).toEqual(['BTC']);
    expect(summariseEntities(extractEntities(`to ${tronAddress}`)).chains).toEqual([]);
    expect(summariseEntities(extractEntities('to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).chains).toEqual(['BTC']);
  });
});

describe('any text', () => {
  const pieces = fc.oneof(
    fc.constantFrom('USDT', '0x', 'memo', ' ', '1.200,50', 'bc1q', 'TRC20', '波场', '١٢', 'W', '@', '$', '\u202e', '😀', tronAddress, evmTx),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.stringMatching(/^[0-9a-fA-Fx.,: ]{0,70}$/),
  );

  it('never throws, and every span is inside the text and is its own text', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
        for (const entity of extractEntities(text)) {
          expect(entity.start).toBeGreaterThanOrEqual(0);
          expect(entity.end).toBeGreaterThan(entity.start);
          expect(entity.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(entity.start, entity.end)).toBe(entity.text);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('answers for HTML, right-to-left text, emoji and 10,000 characters of noise', () => {
    const noise = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 0x2fff))).join('');
    const digits = '1 234 '.repeat(1_700);
    const html = `<a href="https://tronscan.org/#/transaction/${hexTx}">tx</a><b>250&nbsp;USDT</b>`;
    for (const text of [noise, digits, html, '\u202bمرحبا ٢٥٠ USDT\u202c', '🔥'.repeat(5_000), '\ud800\udfff\ud800']) {
      expect(() => extractEntities(text)).not.toThrow();
    }
    expect(only(html, 'tx_hash')[0]?.value).toBe(hexTx);
  });
});
