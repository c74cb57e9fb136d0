/**
 * What a customer's message names: networks, transaction hashes, addresses, memos and tags,
 * amounts, deposit/withdrawal/order ids and emails, typed and located in the text, so the bot can
 * look a deposit up and an agent sees what was pasted. Where the network is not stated, a hash's
 * or an address's format says which networks it can be. Pure and total: any text (HTML, 10,000
 * characters of noise, right-to-left scripts, emoji) gets an answer, never an exception.
 */
import type { Language } from '../conversations/types.ts';
import { findAmounts } from './entities-amounts.ts';
import {
  chainMentionPattern,
  chainOfMention,
  chainTokenPattern,
  classifyChainToken,
  type ChainCode,
} from './entities-chains.ts';
import type { BotEntities } from './session.ts';

export { chainCodes, type ChainCode } from './entities-chains.ts';
export { normaliseNumber } from './entities-amounts.ts';

/** Where an entity is: `text` is `message.slice(start, end)` (UTF-16 offsets, end exclusive). */
export interface EntitySpan {
  start: number;
  end: number;
  text: string;
}

/** One thing the message names. `value` is normalised (an amount as "1200.5", an id upper-cased). */
export type Entity =
  | (EntitySpan & { kind: 'chain'; chain: ChainCode; via: 'network' | 'coin' })
  | (EntitySpan & { kind: 'tx_hash'; value: string; chains: ChainCode[] })
  | (EntitySpan & { kind: 'address'; value: string; chains: ChainCode[] })
  | (EntitySpan & { kind: 'memo'; value: string })
  | (EntitySpan & { kind: 'amount'; value: string; asset: string })
  | (EntitySpan & { kind: 'order_id'; value: string; refers: 'deposit' | 'withdrawal' | 'order' })
  | (EntitySpan & { kind: 'email'; value: string });
export type EntityKind = Entity['kind'];

/** Hints for reading the message: its language decides whether "1.200" is 1200 or 1.2. */
export interface EntityOptions {
  language?: Language | null;
}

// Long enough for any real message (MAX_MESSAGE_LENGTH is 10,000); bounds the work on any input.
const MAX_SCANNED = 20_000;

// Arabic-Indic, Persian and full-width digits become ASCII one for one, so offsets do not move.
const foreignDigits = /[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g;
function asciiDigits(text: string): string {
  return text.replace(foreignDigits, (digit) => {
    const code = digit.charCodeAt(0);
    const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - zero);
  });
}

// ---------------------------------------------------------------------------------------------
// Memos and tags, ids, emails

// Word boundaries only against scripts that separate words with spaces ("备注是123" has none).
const spacedScript = String.raw`\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Greek}\p{N}`;
const asPattern = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const wordBoundaryKeywords = (words: string[]): string =>
  `(?<![${spacedScript}])(?:${words.map(asPattern).join('|')})(?![\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Arabic}])`;

const memoKeywords = [
  'destination tag', 'dest tag', 'dest. tag', 'memo/tag', 'memo', 'tag', 'dt', 'comment', 'payment id',
  'мемо', 'тег', 'комментарий', 'коментар', 'etiqueta', 'etiket', 'açıklama', 'ميمو', 'مذكرة', 'علامة',
];
const memoCjkKeywords = ['标签', '標籤', '备注', '備註', 'メモ', 'タグ', '메모', '태그'];
// "memo: 123", "tag is 123", "memo是123", "メモは123", "메모는 123"
const connector = String.raw`(?:\s*(?:[:：#=№-]|is|es|é|est|ist|是|为|為|は|는|은|가|이|no\.?|number|номер)\s*){0,3}|\s+`;
const memoPattern = new RegExp(
  `(?:${wordBoundaryKeywords(memoKeywords)}|(?:${memoCjkKeywords.join('|')}))(?:${connector})` +
    `([A-Za-z0-9_-]*\\d[A-Za-z0-9_-]*)(?![A-Za-z0-9_-])`,
  'giu',
);

// The exchange's own ids: a D (deposit) or W (withdrawal) and ten digits (src/core/exchange).
const recordIdPattern = /(?<![A-Za-z0-9])([DdWw])-?(\d{10})(?![0-9])/g;
const orderKeywords = [
  'order', 'order id', 'order no', 'orden', 'ordem', 'ordre', 'pedido', 'ордер', 'заказ', 'замовлення',
  'sipariş', 'emir', 'lệnh', 'pesanan', 'auftrag', 'bestellung', 'طلب',
];
const orderPattern = new RegExp(
  `(?:${wordBoundaryKeywords(orderKeywords)}|(?:订单|訂單|注文|주문))(?:${connector})(\\d{6,20})(?!\\d)`,
  'giu',
);
const emailPattern = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** A memo value is digits, or a code of four characters or more with a digit ("2FA" is not one). */
const plausibleMemo = (value: string): boolean => value.length <= 64 && (/^\d+$/.test(value) || value.length >= 4);

function findMemos(text: string, found: Entity[]): void {
  for (const match of text.matchAll(memoPattern)) {
    const value = match[1] ?? '';
    if (!plausibleMemo(value)) continue;
    const start = match.index;
    found.push({ kind: 'memo', value, start, end: start + match[0].length, text: '' });
  }
}

function findIds(text: string, found: Entity[]): void {
  for (const match of text.matchAll(recordIdPattern)) {
    const letter = (match[1] ?? '').toUpperCase();
    const refers = letter === 'D' ? 'deposit' : 'withdrawal';
    const start = match.index;
    found.push({ kind: 'order_id', value: `${letter}${match[2]}`, refers, start, end: start + match[0].length, text: '' });
  }
  for (const match of text.matchAll(orderPattern)) {
    const start = match.index;
    found.push({ kind: 'order_id', value: match[1] ?? '', refers: 'order', start, end: start + match[0].length, text: '' });
  }
}

function findEmails(text: string, found: Entity[]): void {
  for (const match of text.matchAll(emailPattern)) {
    const email = match[0].replace(/[.-]+$/, '');
    const domain = email.slice(email.indexOf('@') + 1);
    if (!/\.[A-Za-z]{2,24}$/.test(domain)) continue;
    found.push({ kind: 'email', value: email.toLowerCase(), start: match.index, end: match.index + email.length, text: '' });
  }
}

function findChainTokens(text: string, found: Entity[]): void {
  for (const match of text.matchAll(chainTokenPattern)) {
    const format = classifyChainToken(match[0]);
    if (!format) continue;
    const start = match.index;
    found.push({ kind: format.kind, value: match[0], chains: format.chains, start, end: start + match[0].length, text: '' });
  }
}

function findChainMentions(text: string): Entity[] {
  const mentions: Entity[] = [];
  for (const match of text.matchAll(chainMentionPattern)) {
    const mention = chainOfMention(match[0]);
    if (!mention) continue;
    const start = match.index;
    mentions.push({ kind: 'chain', ...mention, start, end: start + match[0].length, text: '' });
  }
  return mentions;
}

// ---------------------------------------------------------------------------------------------
// Putting it together

// When two readings overlap, the longer wins; on equal length, the more specific kind.
const precedence: Record<EntityKind, number> = {
  tx_hash: 0, address: 0, email: 1, order_id: 2, memo: 3, amount: 4, chain: 5,
};
const overlaps = (a: EntitySpan, b: EntitySpan): boolean => a.start < b.end && b.start < a.end;

function withoutOverlaps(candidates: Entity[]): Entity[] {
  const ordered = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || precedence[a.kind] - precedence[b.kind] || a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const candidate of ordered) if (!kept.some((other) => overlaps(candidate, other))) kept.push(candidate);
  return kept;
}

/** Networks the message names go first among a hash's or an address's candidate networks. */
function preferStated(entity: Entity, stated: ChainCode[]): Entity {
  if (entity.kind !== 'tx_hash' && entity.kind !== 'address') return entity;
  const first = stated.filter((chain) => entity.chains.includes(chain));
  return { ...entity, chains: [...first, ...entity.chains.filter((chain) => !first.includes(chain))] };
}

/**
 * Every entity in `message`, in order of appearance, each with its span. Overlapping readings are
 * resolved (an amount inside an address is not an amount); a coin named in an amount ("0.5 BTC")
 * is also reported as a network mention.
 */
export function extractEntities(message: string, options: EntityOptions = {}): Entity[] {
  const original = typeof message === 'string' ? message.slice(0, MAX_SCANNED) : '';
  const text = asciiDigits(original);
  const found: Entity[] = [];
  findChainTokens(text, found);
  findEmails(text, found);
  findIds(text, found);
  findMemos(text, found);
  for (const amount of findAmounts(text, options.language)) found.push({ kind: 'amount', ...amount, text: '' });
  const kept = withoutOverlaps(found);
  const mentions = findChainMentions(text).filter((mention) =>
    kept.every((entity) => entity.kind === 'amount' || !overlaps(mention, entity)),
  );
  const stated = mentions.flatMap((mention) => (mention.kind === 'chain' && mention.via === 'network' ? [mention.chain] : []));
  return [...kept, ...withoutOverlaps(mentions)]
    .map((entity) => preferStated({ ...entity, text: original.slice(entity.start, entity.end) }, stated))
    .sort((a, b) => a.start - b.start || precedence[a.kind] - precedence[b.kind]);
}

function unique<T>(items: T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const itemKey = key(item);
    if (seen.has(itemKey)) return false;
    seen.add(itemKey);
    return true;
  });
}

/**
 * The entities in the shape the bot session keeps. Networks: those the message names; else those
 * its coins imply; else those a pasted hash or address can only be on.
 */
export function summariseEntities(entities: readonly Entity[]): BotEntities {
  const values = <K extends EntityKind>(kind: K): Array<Extract<Entity, { kind: K }>> =>
    entities.filter((entity): entity is Extract<Entity, { kind: K }> => entity.kind === kind);
  const chains = values('chain');
  const named = chains.filter((mention) => mention.via === 'network').map((mention) => mention.chain);
  const coins = chains.map((mention) => mention.chain);
  const formats = [...values('tx_hash'), ...values('address')].flatMap((entity) => (entity.chains.length === 1 ? entity.chains : []));
  return {
    txHashes: unique(values('tx_hash').map((entity) => entity.value)),
    addresses: unique(values('address').map((entity) => entity.value)),
    chains: unique(named.length > 0 ? named : coins.length > 0 ? coins : formats),
    memos: unique(values('memo').map((entity) => entity.value)),
    amounts: unique(values('amount').map(({ value, asset }) => ({ value, asset })), (amount) => `${amount.value} ${amount.asset}`),
    orderIds: unique(values('order_id').map((entity) => entity.value)),
    emails: unique(values('email').map((entity) => entity.value)),
  };
}
