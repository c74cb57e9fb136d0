/**
 * Blockchains as customers mention them (network names in 14 languages, coin tickers) and as
 * their addresses and transaction hashes look. Used by entities.ts; network codes follow the
 * exchange gateway's (`TRC20`, `ERC20`, `BTC`, … see src/core/exchange/types.ts).
 */

/** The networks the extractor knows, by the exchange's network code. */
export const chainCodes = [
  'BTC', 'ERC20', 'BEP20', 'TRC20', 'SOL', 'XRP', 'XLM', 'TON', 'ARBITRUM', 'POLYGON', 'AVAXC',
  'OPTIMISM', 'BASE', 'LTC', 'DOGE', 'ADA',
] as const;
export type ChainCode = (typeof chainCodes)[number];

/** Networks that share the Ethereum formats: one address or hash fits all of them. */
export const evmChains: readonly ChainCode[] = ['ERC20', 'BEP20', 'ARBITRUM', 'POLYGON', 'BASE', 'OPTIMISM', 'AVAXC'];

// Network names, lower case. Latin and Cyrillic names match as whole words (Cyrillic ones with
// their case endings); CJK names match anywhere, since those scripts do not separate words.
const networkNames: Record<ChainCode, string[]> = {
  BTC: ['bitcoin', 'btc network', 'bitcoin network', 'segwit', 'биткоин', 'биткойн', 'біткоїн', 'біткойн', '比特币', '比特幣', 'ビットコイン', '비트코인', 'بيتكوين'],
  ERC20: ['erc20', 'erc-20', 'erc 20', 'ethereum', 'eth network', 'eth mainnet', 'эфир', 'эфириум', 'ефір', 'ефіріум', '以太坊', 'イーサリアム', '이더리움', 'إيثريوم', 'ايثيريوم'],
  BEP20: ['bep20', 'bep-20', 'bep 20', 'bsc', 'bnb smart chain', 'bnb chain', 'binance smart chain', '币安链', '币安智能链', '幣安鏈'],
  TRC20: ['trc20', 'trc-20', 'trc 20', 'tron', 'трон', '波场', '波場', 'トロン', '트론', 'ترون'],
  SOL: ['solana', 'spl', 'солана', '索拉纳', 'ソラナ', '솔라나', 'سولانا'],
  XRP: ['ripple', 'xrpl', 'xrp ledger', 'рипл', '瑞波', 'リップル', '리플'],
  XLM: ['stellar', 'стеллар', '恒星', 'ステラ', '스텔라'],
  TON: ['toncoin', 'ton network', 'the open network', 'тонкоин', '톤코인'],
  ARBITRUM: ['arbitrum', 'arbitrum one', 'arb one', 'арбитрум', 'арбітрум', 'アービトラム', '아비트럼', 'اربيتروم', 'أربيتروم'],
  POLYGON: ['polygon', 'matic network', 'полигон', 'полігон', 'ポリゴン', '폴리곤'],
  AVAXC: ['avalanche', 'avalanche c-chain', 'avax c-chain', 'avax-c', 'avaxc', 'c-chain', 'アバランチ', '아발란체'],
  OPTIMISM: ['optimism', 'op mainnet', 'オプティミズム'],
  // "base" alone is an everyday word; only these phrasings name the network.
  BASE: ['base network', 'base chain', 'base mainnet', 'on base', 'via base', 'red base', 'rede base', 'сеть base'],
  LTC: ['litecoin', 'лайткоин', '莱特币', 'ライトコイン'],
  DOGE: ['dogecoin', 'догикоин', '狗狗币', 'ドージコイン'],
  ADA: ['cardano', 'кардано', '艾达币', 'カルダノ'],
};

// Coin tickers: the coin lives on that network, so a mention suggests it (ETH also travels on
// Arbitrum, Optimism and Base; the network named in the message wins over this guess).
const coinTickers: Record<string, ChainCode> = {
  BTC: 'BTC', ETH: 'ERC20', BNB: 'BEP20', TRX: 'TRC20', SOL: 'SOL', XRP: 'XRP', XLM: 'XLM', TON: 'TON',
  MATIC: 'POLYGON', POL: 'POLYGON', AVAX: 'AVAXC', LTC: 'LTC', DOGE: 'DOGE', ADA: 'ADA',
};
// Tickers that are also everyday words in a served language ("ada": Indonesian "there is",
// "pol": Spanish "field"), recognised only when written in capitals.
const capitalsOnlyTickers = new Set(['ADA', 'POL', 'TON', 'SOL']);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isCjk = (text: string): boolean => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text);
const isCyrillic = (text: string): boolean => /\p{Script=Cyrillic}/u.test(text);
const cyrillicEndings = ['а', 'у', 'е', 'ом', 'ой', 'і', 'ою', 'ы', 'и'];

const chainByName = new Map<string, ChainCode>();
for (const [chain, names] of Object.entries(networkNames) as Array<[ChainCode, string[]]>) {
  for (const name of names) {
    chainByName.set(name, chain);
    if (isCyrillic(name)) for (const ending of cyrillicEndings) chainByName.set(name + ending, chain);
  }
}

const byLengthDesc = (a: string, b: string): number => b.length - a.length;
const spaced = (name: string): string => escape(name).replace(/ /g, '\\s+');
const wordNames = [...chainByName.keys()].filter((name) => !isCjk(name)).sort(byLengthDesc).map(spaced);
const cjkNames = [...chainByName.keys()].filter(isCjk).sort(byLengthDesc).map(escape);
const tickers = Object.keys(coinTickers).sort(byLengthDesc);

// Word boundaries only against scripts that separate words with spaces: "用arbitrum转的" names Arbitrum.
const spacedScript = String.raw`\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Greek}\p{N}`;

/** Network names (groups 1 and 2, any case) and coin tickers (group 3). */
export const chainMentionPattern = new RegExp(
  `(?<![${spacedScript}])(${wordNames.join('|')})(?![${spacedScript}])|(${cjkNames.join('|')})` +
    `|(?<![\\p{Script=Latin}\\p{Script=Cyrillic}])(${tickers.join('|')})(?![${spacedScript}])`,
  'giu',
);

/** A mention's network: by name (`network`) or by the coin it names (`coin`); null for neither. */
export function chainOfMention(text: string): { chain: ChainCode; via: 'network' | 'coin' } | null {
  const name = chainByName.get(text.toLowerCase().replace(/\s+/g, ' '));
  if (name) return { chain: name, via: 'network' };
  const ticker = text.toUpperCase();
  const coin = coinTickers[ticker];
  if (!coin) return null;
  if (capitalsOnlyTickers.has(ticker) && text !== ticker) return null;
  return { chain: coin, via: 'coin' };
}

// ---------------------------------------------------------------------------------------------
// Addresses and transaction hashes by format

/** What a pasted string is, and on which networks it can be (most likely first). */
export interface ChainFormat {
  kind: 'address' | 'tx_hash';
  chains: ChainCode[];
}

const BASE58 = '1-9A-HJ-NP-Za-km-z';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const edge = '(?<![A-Za-z0-9_])';
const end = '(?![A-Za-z0-9_])';

/** Every candidate token: each alternative is one format family (see classifyChainToken). */
export const chainTokenPattern = new RegExp(
  [
    `${edge}(?:-1|0):[0-9a-fA-F]{64}${end}`, // TON raw address
    `${edge}0x[0-9a-fA-F]{64}${end}`, // EVM transaction
    `${edge}0x[0-9a-fA-F]{40}${end}`, // EVM address
    `${edge}[0-9a-fA-F]{64}${end}`, // BTC, TRON, XRP, XLM, TON… transaction
    `${edge}(?:bc1|ltc1)[${BECH32}]{25,87}${end}`, // SegWit and Taproot
    `${edge}(?:BC1|LTC1)[${BECH32.toUpperCase()}]{25,87}${end}`,
    `${edge}addr1[${BECH32}]{50,110}${end}`, // Cardano
    `${edge}G[A-Z2-7]{55}${end}`, // Stellar account
    `(?<![A-Za-z0-9_-])[EU][Qf][A-Za-z0-9_-]{46}(?![A-Za-z0-9_-])`, // TON user-friendly
    `${edge}[${BASE58}]{25,90}${end}`, // base58: TRON, legacy BTC, XRP, LTC, DOGE, Solana
  ].join('|'),
  'g',
);

const hex64 = /^[0-9a-fA-F]{64}$/;
const base58 = new RegExp(`^[${BASE58}]+$`);

function classifyBase58(token: string): ChainFormat | null {
  // Long runs of letters are words (or noise), not keys: every real address here has a digit.
  if (!/[1-9]/.test(token)) return null;
  const length = token.length;
  if (length >= 80) return length <= 90 ? { kind: 'tx_hash', chains: ['SOL'] } : null;
  const solana: ChainCode[] = length >= 32 && length <= 44 ? ['SOL'] : [];
  const first = token[0];
  if (first === 'T' && length === 34) return { kind: 'address', chains: ['TRC20', ...solana] };
  if ((first === '1' || first === '3') && length >= 26 && length <= 35) return { kind: 'address', chains: ['BTC', ...solana] };
  if (first === 'r' && length >= 25 && length <= 35) return { kind: 'address', chains: ['XRP', ...solana] };
  if (first === 'D' && length === 34) return { kind: 'address', chains: ['DOGE', ...solana] };
  if ((first === 'L' || first === 'M') && length === 34) return { kind: 'address', chains: ['LTC', ...solana] };
  return solana.length > 0 ? { kind: 'address', chains: solana } : null;
}

/** The format of a token matched by chainTokenPattern; null when it is none we know. */
export function classifyChainToken(token: string): ChainFormat | null {
  if (/^(?:-1|0):/.test(token)) return { kind: 'address', chains: ['TON'] };
  if (token.startsWith('0x')) {
    return { kind: token.length === 66 ? 'tx_hash' : 'address', chains: [...evmChains] };
  }
  if (hex64.test(token)) {
    // XRP Ledger hashes are written in capitals; the others in lower case. Without its 0x an
    // Ethereum hash looks the same, so EVM networks come last.
    const upper = token === token.toUpperCase() && /[A-F]/.test(token);
    const hexChains: ChainCode[] = upper
      ? ['XRP', 'BTC', 'TRC20', 'XLM', 'TON', 'LTC', 'DOGE', 'ADA']
      : ['BTC', 'TRC20', 'XLM', 'TON', 'LTC', 'DOGE', 'ADA', 'XRP'];
    return { kind: 'tx_hash', chains: [...hexChains, ...evmChains] };
  }
  const lower = token.toLowerCase();
  if (lower.startsWith('bc1')) return { kind: 'address', chains: ['BTC'] };
  if (lower.startsWith('ltc1')) return { kind: 'address', chains: ['LTC'] };
  if (token.startsWith('addr1')) return { kind: 'address', chains: ['ADA'] };
  if (/^G[A-Z2-7]{55}$/.test(token)) return { kind: 'address', chains: ['XLM'] };
  if (/^[EU][Qf][A-Za-z0-9_-]{46}$/.test(token)) return { kind: 'address', chains: ['TON'] };
  return base58.test(token) ? classifyBase58(token) : null;
}
