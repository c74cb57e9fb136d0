/**
 * Amounts with their asset as customers write them: "250 USDT", "0.5btc", "1,200.50 usdt",
 * "1.200,50 USDT", "$100", "100 dollars", "R$ 50", "100美元", "500 гривень". Used by entities.ts.
 */
import type { Language } from '../conversations/types.ts';

/** An amount found in a text: `value` is a plain decimal ("1200.5"), `asset` a ticker or ISO code. */
export interface AmountMatch {
  value: string;
  asset: string;
  start: number;
  end: number;
}

const cryptoTickers = [
  'USDT', 'USDC', 'FDUSD', 'TUSD', 'BUSD', 'DAI', 'BTC', 'WBTC', 'ETH', 'WETH', 'BNB', 'SOL', 'XRP', 'XLM',
  'TON', 'TRX', 'LTC', 'DOGE', 'ADA', 'AVAX', 'MATIC', 'POL', 'ARB', 'OP', 'SHIB', 'PEPE', 'DOT', 'LINK',
  'UNI', 'ATOM', 'NEAR', 'APT', 'SUI',
];
// Tickers that are everyday words somewhere ("ada", "pol", "ton", "sol", "op", "link", "near").
const capitalsOnly = new Set(['ADA', 'POL', 'TON', 'SOL', 'OP', 'DOT', 'LINK', 'UNI', 'NEAR', 'ATOM', 'SUI']);
const fiatCodes = [
  'USD', 'EUR', 'GBP', 'BRL', 'RUB', 'UAH', 'TRY', 'VND', 'IDR', 'JPY', 'KRW', 'CNY', 'RMB', 'ARS', 'MXN',
  'COP', 'NGN', 'INR', 'AED', 'SAR', 'EGP', 'CHF', 'CAD', 'AUD', 'PLN', 'KZT',
];

// Currency words in the served languages (lower case), with the Cyrillic case forms numbers take.
const currencyWords: Record<string, string[]> = {
  USD: ['dollar', 'dollars', 'bucks', 'dólar', 'dólares', 'dolar', 'dolares', 'доллар', 'доллара', 'долларов', 'долар', 'долари', 'доларів', 'đô', 'đô la', 'دولار', 'دولارات', '美元', '美金', 'ドル', '달러'],
  EUR: ['euro', 'euros', 'евро', 'євро', 'يورو', '欧元', '歐元', 'ユーロ', '유로'],
  BRL: ['reais'],
  RUB: ['рубль', 'рубля', 'рублей', 'руб'],
  UAH: ['гривня', 'гривні', 'гривень', 'грн'],
  TRY: ['lira', 'türk lirası', 'tl'],
  VND: ['đồng', 'vnđ'],
  IDR: ['rupiah', 'rp'],
  JPY: ['yen', '円', '日元'],
  KRW: ['won', '원'],
  CNY: ['yuan', '人民币', '元', '块'],
  GBP: ['pound', 'pounds'],
};
// Written before or after the number; longer symbols first so "R$" is not read as "$".
const symbols: Array<[string, string]> = [
  ['US$', 'USD'], ['R$', 'BRL'], ['$', 'USD'], ['€', 'EUR'], ['£', 'GBP'],
  ['₽', 'RUB'], ['₴', 'UAH'], ['₺', 'TRY'], ['₫', 'VND'], ['₩', 'KRW'], ['¥', 'JPY'], ['￥', 'JPY'],
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isCjk = (text: string): boolean => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text);
const byLengthDesc = (a: string, b: string): number => b.length - a.length;

const assetByWord = new Map<string, string>();
for (const code of [...cryptoTickers, ...fiatCodes]) assetByWord.set(code.toLowerCase(), code);
for (const [code, words] of Object.entries(currencyWords)) for (const word of words) assetByWord.set(word, code);
const assetBySymbol = new Map(symbols);

const wordAssets = [...assetByWord.keys()].filter((word) => !isCjk(word)).sort(byLengthDesc).map(escape);
const cjkAssets = [...assetByWord.keys()].filter(isCjk).sort(byLengthDesc).map(escape);
const symbolAssets = symbols.map(([symbol]) => escape(symbol));

// 1,200.50 / 1.200,50 / 1 200,50 / 0.5 / 250. Groups of three after the first, then a fraction.
const NUMBER = String.raw`\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;
// Scripts that separate words with spaces; Chinese and Japanese run numbers into words ("转了100").
const spacedScript = String.raw`\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Greek}\p{N}`;
const before = `(?<![${spacedScript}_.,])`;
const after = String.raw`(?!\d|[.,]\d)`;

// Number first: "250 USDT", "100$", "100美元". Words need a boundary after them; CJK words and
// symbols do not (Chinese runs on: "100元没到").
const numberFirst = new RegExp(
  `${before}(${NUMBER})${after}\\s?(?:(${wordAssets.join('|')})(?![${spacedScript}])|(${[...cjkAssets, ...symbolAssets].join('|')}))`,
  'giu',
);
// Asset first: "$100", "USDT 250", "Rp 50.000". Case-sensitive: "usdt 250" is rare, "to 250" common.
const prefixes = [...symbols.map(([symbol]) => symbol), 'Rp', 'TL', ...cryptoTickers, ...fiatCodes];
const assetFirst = new RegExp(
  `(?<![${spacedScript}])(${prefixes.sort(byLengthDesc).map(escape).join('|')})\\s?(${NUMBER})${after}`,
  'gu',
);

// Languages that write a decimal comma: there "1.200" is twelve hundred.
const decimalComma = new Set<Language>(['es', 'pt', 'ru', 'uk', 'tr', 'fr', 'vi', 'id', 'de']);

/**
 * A written number as a plain decimal ("1,200.50" → "1200.5"). A lone separator followed by
 * exactly three digits is a thousands separator in the writer's convention (decimal comma or
 * decimal point, by `language`; a decimal point when unknown), except after a zero ("0.500").
 */
export function normaliseNumber(raw: string, language?: Language | null): string | null {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, '');
  const dots = compact.split('.').length - 1;
  const commas = compact.split(',').length - 1;
  let decimal: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    decimal = compact.lastIndexOf('.') > compact.lastIndexOf(',') ? '.' : ',';
  } else if (dots + commas === 1) {
    const separator = dots === 1 ? '.' : ',';
    const at = compact.indexOf(separator);
    const grouped = compact.length - at - 1 === 3 && compact.slice(0, at) !== '0';
    const writersDecimal = language && decimalComma.has(language) ? ',' : '.';
    decimal = !grouped || separator === writersDecimal ? separator : null;
  }
  const cut = decimal ? compact.lastIndexOf(decimal) : compact.length;
  const whole = compact.slice(0, cut).replace(/[.,]/g, '').replace(/^0+(?=\d)/, '');
  const fraction = decimal ? compact.slice(cut + 1).replace(/0+$/, '') : '';
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return null;
  return fraction ? `${whole}.${fraction}` : whole;
}

function assetOf(written: string, language?: Language | null): string | null {
  const symbol = assetBySymbol.get(written);
  if (symbol) return symbol === 'JPY' && language === 'zh' ? 'CNY' : symbol;
  const code = assetByWord.get(written.toLowerCase().replace(/\s+/g, ' '));
  if (!code) return null;
  return capitalsOnly.has(code) && written !== code ? null : code;
}

/** Every amount with an asset in `text` (digits already ASCII), in order of appearance. */
export function findAmounts(text: string, language?: Language | null): AmountMatch[] {
  const found: AmountMatch[] = [];
  const add = (numberText: string, assetText: string, start: number, end: number): void => {
    const value = normaliseNumber(numberText, language);
    const asset = assetOf(assetText, language);
    if (value !== null && asset !== null) found.push({ value, asset, start, end });
  };
  for (const match of text.matchAll(numberFirst)) {
    add(match[1] ?? '', match[2] ?? match[3] ?? '', match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(assetFirst)) {
    add(match[2] ?? '', match[1] ?? '', match.index, match.index + match[0].length);
  }
  return found.sort((a, b) => a.start - b.start);
}
