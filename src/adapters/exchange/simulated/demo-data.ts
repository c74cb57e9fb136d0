/**
 * The demo exchange's customers and their money: deterministic (a seeded PRNG, never Math.random),
 * varied enough to exercise every support flow (every KYC status, every deposit and withdrawal
 * state, memo chains, wrong networks, frozen accounts), with addresses and transaction hashes in
 * each chain's real format (checksums included) so the entity extractors see what customers paste.
 */
import { SeededRandom } from '../../../core/bot/intents/random.ts';
import { createHash } from 'node:crypto';
import type { Language } from '../../../core/conversations/types.ts';
import type { DepositState, KycStatus, WithdrawalState } from '../../../core/exchange/types.ts';
import type { SqlClient } from '../../store/sql-client.ts';
import { loadSimulatedExchange, type SimulatedExchangeRecords } from './simulated-exchange.ts';

export const demoTiers = ['regular', 'vip1', 'vip2', 'vip3'] as const;
export type DemoTier = (typeof demoTiers)[number];

/** A demo customer as other code lists them (agents' fixtures, the widget's "sign in as"). */
export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
  locale: Language;
  tier: DemoTier;
}

// name, email local part, locale, tier, KYC status, KYC level
type CustomerSpec = [string, string, Language, DemoTier, KycStatus, number];
const customerSpecs: CustomerSpec[] = [
  ['Emily Carter', 'emily.carter', 'en', 'vip1', 'approved', 2],
  ['Lucía Fernández', 'lucia.fernandez', 'es', 'regular', 'approved', 1],
  ['Дмитрий Соколов', 'dmitry.sokolov', 'ru', 'regular', 'approved', 2],
  ['王芳', 'wang.fang', 'zh', 'vip2', 'approved', 3],
  ['Gabriel Oliveira', 'gabriel.oliveira', 'pt', 'regular', 'approved', 1],
  ['Elif Yılmaz', 'elif.yilmaz', 'tr', 'regular', 'pending', 0],
  ['Camille Dubois', 'camille.dubois', 'fr', 'vip3', 'approved', 3],
  ['Nguyễn Văn An', 'nguyen.van.an', 'vi', 'regular', 'approved', 1],
  ['Putri Wulandari', 'putri.wulandari', 'id', 'regular', 'under_review', 1],
  ['أحمد المنصوري', 'ahmed.almansouri', 'ar', 'vip2', 'approved', 2],
  ['Олена Коваленко', 'olena.kovalenko', 'uk', 'regular', 'approved', 2],
  ['김민준', 'minjun.kim', 'ko', 'vip1', 'approved', 2],
  ['佐藤 健', 'ken.sato', 'ja', 'regular', 'approved', 1],
  ['Jonas Schneider', 'jonas.schneider', 'de', 'regular', 'rejected', 0],
  ['Aisha Bello', 'aisha.bello', 'en', 'regular', 'approved', 1],
  ['Mateo González', 'mateo.gonzalez', 'es', 'regular', 'not_started', 0],
  ['Ana Sousa', 'ana.sousa', 'pt', 'vip1', 'approved', 2],
  ['陈志明', 'zhiming.chen', 'zh', 'regular', 'under_review', 2],
  ['Айгерим Нурланова', 'aigerim.nurlanova', 'ru', 'regular', 'rejected', 1],
  ['Mehmet Kaya', 'mehmet.kaya', 'tr', 'vip1', 'approved', 2],
  ['Moussa Diallo', 'moussa.diallo', 'fr', 'regular', 'approved', 1],
  ['Trần Thị Mai', 'tran.thi.mai', 'vi', 'regular', 'pending', 1],
  ['Budi Santoso', 'budi.santoso', 'id', 'regular', 'approved', 1],
  ['Fatima Zahra El Amrani', 'fatimazahra.elamrani', 'ar', 'regular', 'not_started', 0],
  ['Taras Shevchuk', 'taras.shevchuk', 'uk', 'vip2', 'approved', 3],
  ['이서연', 'seoyeon.lee', 'ko', 'regular', 'rejected', 0],
  ['Yui Takahashi', 'yui.takahashi', 'ja', 'vip1', 'approved', 2],
  ['Lena Müller', 'lena.mueller', 'de', 'regular', 'approved', 1],
  ['Rahul Sharma', 'rahul.sharma', 'en', 'regular', 'pending', 0],
  ['Valentina Rojas', 'valentina.rojas', 'es', 'regular', 'approved', 1],
  ['Larissa Costa', 'larissa.costa', 'pt', 'regular', 'under_review', 1],
  ['李娜', 'na.li', 'zh', 'vip3', 'approved', 3],
  ['Oliver Thompson', 'oliver.thompson', 'en', 'regular', 'approved', 2],
  ['Chloé Martin', 'chloe.martin', 'fr', 'regular', 'not_started', 0],
  ['Omar Haddad', 'omar.haddad', 'ar', 'regular', 'rejected', 1],
  ['Lukas Meier', 'lukas.meier', 'de', 'vip1', 'approved', 2],
  ['Sophie Nguyen', 'sophie.nguyen', 'en', 'regular', 'approved', 1],
  ['Carlos Mendoza', 'carlos.mendoza', 'es', 'regular', 'approved', 1],
  ['Zeynep Demir', 'zeynep.demir', 'tr', 'regular', 'approved', 1],
  ['Kwame Mensah', 'kwame.mensah', 'en', 'regular', 'under_review', 1],
];

const emailDomains = ['example.com', 'example.net', 'example.org'];

/** The 40 demo customers, `demo-001` … `demo-040`, in the 14 languages. */
export const demoCustomers: readonly DemoCustomer[] = customerSpecs.map(([name, local, locale, tier], i) => ({
  id: `demo-${String(i + 1).padStart(3, '0')}`,
  name,
  email: `${local}@${emailDomains[i % emailDomains.length]}`,
  locale,
  tier,
}));

/** Who shows what; later features and their tests start from these customers. */
export const demoScenarioUsers = {
  /** A USDT TRC20 deposit still confirming is their most recent deposit (en, es). */
  confirmingUsdtDeposit: ['demo-001', 'demo-002'],
  /** A USDT TRC20 withdrawal under review is their most recent withdrawal (ru). */
  pendingWithdrawal: 'demo-003',
  /** Deposits to a memo chain without the memo, on hold. */
  missingMemo: ['demo-004', 'demo-023'],
  /** USDT sent over Arbitrum to the account's EVM address, on hold. */
  unsupportedNetwork: 'demo-005',
  /** A large BTC deposit held for compliance review. */
  complianceHold: 'demo-007',
  frozen: ['demo-021', 'demo-036'],
} as const;

/** Reason codes the demo uses (docs/exchange-gateway.md lists them for real exchanges too). */
export const kycRejectionReasons = [
  'document_expired',
  'selfie_mismatch',
  'document_unreadable',
  'name_mismatch',
  'proof_of_address_outdated',
  'restricted_jurisdiction',
] as const;

const frozenAccounts: Record<string, { reason: string; daysAgo: number }> = {
  'demo-021': { reason: 'Customer reported an unauthorised login; frozen by the security team', daysAgo: 2 },
  'demo-036': { reason: 'Compliance hold: source-of-funds review', daysAgo: 9 },
};

// ---------------------------------------------------------------------------------------------
// Chains and assets

interface AssetSpec {
  decimals: number;
  min: number;
  max: number;
}
const assets: Record<string, AssetSpec> = {
  BTC: { decimals: 8, min: 0.0005, max: 1.2 },
  ETH: { decimals: 6, min: 0.01, max: 6 },
  USDT: { decimals: 2, min: 20, max: 20_000 },
  USDC: { decimals: 2, min: 20, max: 15_000 },
  BNB: { decimals: 6, min: 0.05, max: 25 },
  SOL: { decimals: 4, min: 0.5, max: 180 },
  XRP: { decimals: 2, min: 25, max: 15_000 },
  XLM: { decimals: 2, min: 50, max: 40_000 },
  TON: { decimals: 3, min: 5, max: 1_500 },
  ARB: { decimals: 2, min: 10, max: 4_000 },
  POL: { decimals: 2, min: 10, max: 8_000 },
};

type AddressFormat = 'btc' | 'evm' | 'tron' | 'sol' | 'xrp' | 'xlm' | 'ton';
type HashFormat = 'hex' | '0xhex' | 'HEX' | 'base58';
interface ChainSpec {
  /** Withdrawal fee per asset the chain carries. */
  fees: Record<string, string>;
  confirmations: number;
  address: AddressFormat;
  hash: HashFormat;
  /** Deposits go to one shared exchange address and the memo / tag says whose they are. */
  memo: boolean;
}

/** Network codes as the demo exchange names them. */
export const demoChains = [
  'BTC', 'ERC20', 'TRC20', 'BEP20', 'SOL', 'XRP', 'XLM', 'TON', 'ARBITRUM', 'POLYGON',
] as const;
export type DemoChain = (typeof demoChains)[number];

const evm = { address: 'evm', hash: '0xhex', memo: false } as const;
const chains: Record<DemoChain, ChainSpec> = {
  BTC: { fees: { BTC: '0.0002' }, confirmations: 2, address: 'btc', hash: 'hex', memo: false },
  ERC20: { fees: { USDT: '4', USDC: '4', ETH: '0.0016' }, confirmations: 12, ...evm },
  TRC20: { fees: { USDT: '1' }, confirmations: 20, address: 'tron', hash: 'hex', memo: false },
  BEP20: { fees: { USDT: '0.29', USDC: '0.29', BNB: '0.0005' }, confirmations: 15, ...evm },
  SOL: { fees: { SOL: '0.005', USDC: '1' }, confirmations: 32, address: 'sol', hash: 'base58', memo: false },
  XRP: { fees: { XRP: '0.25' }, confirmations: 1, address: 'xrp', hash: 'HEX', memo: true },
  XLM: { fees: { XLM: '0.01' }, confirmations: 1, address: 'xlm', hash: 'hex', memo: true },
  TON: { fees: { TON: '0.05', USDT: '0.8' }, confirmations: 1, address: 'ton', hash: 'hex', memo: true },
  ARBITRUM: { fees: { ETH: '0.0001', USDC: '0.1', ARB: '0.1' }, confirmations: 20, ...evm },
  POLYGON: { fees: { USDT: '0.1', USDC: '0.1', POL: '0.1' }, confirmations: 64, ...evm },
};

/** Chains whose deposits need a memo / destination tag. */
export const demoMemoChains: readonly DemoChain[] = demoChains.filter((chain) => chains[chain].memo);

// Where customers deposit most, roughly: stablecoins on TRON first.
const chainWeights: Array<[DemoChain, number]> = [
  ['TRC20', 9], ['ERC20', 5], ['BTC', 5], ['BEP20', 4], ['SOL', 3], ['XRP', 2],
  ['TON', 2], ['ARBITRUM', 2], ['POLYGON', 2], ['XLM', 1],
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and the chains' address / hash encodings

/** Seeded (mulberry32, shared with the intent trainer): the same demo data on every machine. */
class Dice {
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  next(): number {
    return this.random.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: ReadonlyArray<[T, number]>): T {
    let roll = this.next() * items.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return (items[items.length - 1] as [T, number])[0];
  }

  bytes(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => Math.floor(this.next() * 256));
  }

  digits(count: number): string {
    return String(this.int(1, 9)) + Array.from({ length: count - 1 }, () => this.int(0, 9)).join('');
  }
}

const BASE58_BITCOIN = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_RIPPLE = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

function base58(bytes: Uint8Array, alphabet: string): string {
  let value = BigInt(`0x${hex(bytes) || '0'}`);
  let text = '';
  while (value > 0n) {
    text = alphabet[Number(value % 58n)] + text;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = alphabet[0] + text;
  }
  return text;
}

function base58check(payload: Uint8Array, alphabet: string): string {
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return base58(Uint8Array.from([...payload, ...checksum]), alphabet);
}

/** Regroup bytes into 5-bit groups (bech32 and base32). */
function fiveBitGroups(bytes: Uint8Array): number[] {
  const groups: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      groups.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) groups.push((acc << (5 - bits)) & 31);
  return groups;
}

/** A native SegWit (P2WPKH, `bc1q…`) address: BIP-173 with its checksum. */
function bech32Address(program: Uint8Array): string {
  const hrp = 'bc';
  const data = [0, ...fiveBitGroups(program)];
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat(0, [...hrp].map((c) => c.charCodeAt(0) & 31));
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of [...expanded, ...data, 0, 0, 0, 0, 0, 0]) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    generators.forEach((generator, i) => {
      if ((top >>> i) & 1) checksum ^= generator;
    });
  }
  checksum ^= 1;
  const tail = [0, 1, 2, 3, 4, 5].map((i) => (checksum >> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...tail].map((d) => BECH32[d]).join('')}`;
}

function crc16xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = (crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1) & 0xffff;
  }
  return crc;
}

/** A Stellar account id (`G…`, 56 characters): StrKey with its CRC16 checksum. */
function stellarAddress(key: Uint8Array): string {
  const payload = Uint8Array.from([6 << 3, ...key]);
  const crc = crc16xmodem(payload);
  const full = Uint8Array.from([...payload, crc & 0xff, crc >> 8]);
  return fiveBitGroups(full).map((d) => BASE32[d]).join('');
}

/** A TON user-friendly address (48 characters, `EQ…` bounceable or `UQ…` not). */
function tonAddress(hash: Uint8Array, bounceable: boolean): string {
  const payload = Uint8Array.from([bounceable ? 0x11 : 0x51, 0x00, ...hash]);
  const crc = crc16xmodem(payload);
  return Buffer.from([...payload, crc >> 8, crc & 0xff]).toString('base64url');
}

function randomAddress(dice: Dice, format: AddressFormat): string {
  switch (format) {
    case 'btc':
      return bech32Address(dice.bytes(20));
    case 'evm':
      return `0x${hex(dice.bytes(20))}`;
    case 'tron':
      return base58check(Uint8Array.from([0x41, ...dice.bytes(20)]), BASE58_BITCOIN);
    case 'sol':
      return base58(dice.bytes(32), BASE58_BITCOIN);
    case 'xrp':
      return base58check(Uint8Array.from([0x00, ...dice.bytes(20)]), BASE58_RIPPLE);
    case 'xlm':
      return stellarAddress(dice.bytes(32));
    case 'ton':
      return tonAddress(dice.bytes(32), false);
  }
}

function randomTxHash(dice: Dice, format: HashFormat): string {
  switch (format) {
    case 'hex':
      return hex(dice.bytes(32));
    case '0xhex':
      return `0x${hex(dice.bytes(32))}`;
    case 'HEX':
      return hex(dice.bytes(32)).toUpperCase();
    case 'base58':
      return base58(dice.bytes(64), BASE58_BITCOIN);
  }
}

function randomMemo(dice: Dice, chain: DemoChain): string {
  // XRP destination tags are 32-bit integers; Stellar MEMO_ID and TON comments are digits too here.
  return chain === 'XRP' ? String(dice.int(100_000, 4_000_000_000)) : dice.digits(chain === 'XLM' ? 10 : 9);
}

// ---------------------------------------------------------------------------------------------
// Amounts: integers of the asset's smallest demo unit, so sums are exact.

function formatUnits(units: bigint, decimals: number): string {
  const text = units.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function parseUnits(amount: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
}

function randomAmount(dice: Dice, asset: string): string {
  const spec = assets[asset] as AssetSpec;
  let value = spec.min * Math.pow(spec.max / spec.min, dice.next()); // log-uniform: many small, few large
  if (dice.chance(0.4)) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)) - 1);
    value = Math.round(value / magnitude) * magnitude; // people send round numbers
  }
  return formatUnits(BigInt(Math.max(1, Math.round(value * 10 ** spec.decimals))), spec.decimals);
}

// ---------------------------------------------------------------------------------------------
// The generator

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const inFlightWithdrawals: readonly WithdrawalState[] = ['requested', 'under_review', 'processing'];

interface DepositDraft {
  userId: string;
  chain: DemoChain;
  asset: string;
  amount?: string;
  state: DepositState;
  createdAt: Date;
  confirmations?: number;
  holdReason?: string;
  withoutMemo?: boolean;
}

interface WithdrawalDraft {
  userId: string;
  chain: DemoChain;
  asset: string;
  amount?: string;
  state: WithdrawalState;
  createdAt: Date;
  failureReason?: string;
}

// The scenarios support meets every day: [user, chain, asset, amount, state, how long ago, extra].
type DepositScenario = [string, DemoChain, string, string, DepositState, number, Partial<DepositDraft>?];
const depositScenarios: DepositScenario[] = [
  ['demo-001', 'TRC20', 'USDT', '250', 'confirming', 6 * MINUTE, { confirmations: 7 }],
  ['demo-002', 'TRC20', 'USDT', '1200', 'confirming', 11 * MINUTE, { confirmations: 13 }],
  ['demo-004', 'XRP', 'XRP', '1850', 'on_hold', 3 * DAY + 2 * HOUR, { holdReason: 'missing_memo', withoutMemo: true }],
  ['demo-023', 'TON', 'USDT', '300', 'on_hold', 20 * HOUR, { holdReason: 'missing_memo', withoutMemo: true }],
  // USDT sent over Arbitrum to the account's EVM address, which takes USDT on ERC20, BEP20, Polygon only.
  ['demo-005', 'ARBITRUM', 'USDT', '500', 'on_hold', 2 * DAY, { holdReason: 'unsupported_network' }],
  ['demo-007', 'BTC', 'BTC', '2.35', 'on_hold', 27 * HOUR, { holdReason: 'compliance_review' }],
  ['demo-008', 'BTC', 'BTC', '0.0125', 'pending', 3 * MINUTE],
  ['demo-013', 'ERC20', 'ETH', '0.75', 'confirming', 2 * MINUTE, { confirmations: 4 }],
  ['demo-014', 'SOL', 'SOL', '42.5', 'confirming', MINUTE, { confirmations: 18 }],
  ['demo-015', 'BEP20', 'USDT', '80', 'failed', 5 * DAY],
  ['demo-030', 'XLM', 'XLM', '2500', 'credited', 8 * HOUR],
];

// [user, chain, asset, amount, state, how long ago, failure reason]
type WithdrawalScenario = [string, DemoChain, string, string, WithdrawalState, number, string?];
const withdrawalScenarios: WithdrawalScenario[] = [
  ['demo-003', 'TRC20', 'USDT', '3500', 'under_review', 5 * HOUR],
  ['demo-010', 'BTC', 'BTC', '0.08', 'requested', 4 * MINUTE],
  ['demo-011', 'ERC20', 'USDT', '1500', 'processing', 25 * MINUTE],
  ['demo-012', 'XRP', 'XRP', '640', 'sent', 8 * MINUTE],
  ['demo-028', 'TRC20', 'USDT', '120', 'completed', 3 * HOUR],
  ['demo-017', 'ERC20', 'USDC', '900', 'failed', 30 * HOUR, 'transaction_reverted'],
  ['demo-025', 'XRP', 'XRP', '5000', 'failed', 2 * DAY, 'destination_tag_required'],
  ['demo-027', 'SOL', 'SOL', '12', 'cancelled', 6 * HOUR, 'cancelled_by_user'],
  // What a stolen session requested minutes before the customer had the account frozen.
  ['demo-021', 'TRC20', 'USDT', '4800', 'cancelled', 2 * DAY + 15 * MINUTE, 'account_frozen'],
  ['demo-020', 'BEP20', 'USDT', '7000', 'rejected', 14 * HOUR, 'risk_control'],
  ['demo-033', 'BTC', 'BTC', '0.4', 'rejected', 4 * DAY, 'travel_rule_incomplete'],
];

/** Assembles the demo exchange; one instance per build, drawing every random choice from one die. */
class DemoExchangeBuilder {
  readonly records: SimulatedExchangeRecords = { accounts: [], balances: [], deposits: [], withdrawals: [] };
  private readonly dice = new Dice(20_240_601);
  private readonly usedIds = new Set<string>();
  /** The exchange's shared hot-wallet address per memo chain: whose deposit it is, the memo says. */
  private readonly sharedAddress = new Map<DemoChain, string>();
  private readonly depositAddresses = new Map<string, string>();
  private readonly memos = new Map<string, string>();

  constructor(private readonly now: Date) {
    for (const chain of demoMemoChains) {
      const format = chains[chain].address;
      const address = format === 'ton' ? tonAddress(this.dice.bytes(32), true) : randomAddress(this.dice, format);
      this.sharedAddress.set(chain, address);
    }
  }

  ago(ms: number): Date {
    return new Date(this.now.getTime() - ms);
  }

  /** Accounts, then everyday history: settled deposits and withdrawals at least a day old. */
  addCustomers(): void {
    const dice = this.dice;
    for (const [index, customer] of demoCustomers.entries()) {
      const [, , , , kycStatus, kycLevel] = customerSpecs[index] as CustomerSpec;
      const createdAt = this.ago(dice.int(40, 1_400) * DAY + dice.int(0, 23) * HOUR);
      const waiting = kycStatus === 'pending' || kycStatus === 'under_review';
      const kycUpdatedAt = waiting
        ? this.ago(dice.int(1, 70) * HOUR)
        : new Date(createdAt.getTime() + (kycStatus === 'not_started' ? 0 : dice.int(1, 30) * DAY));
      const frozen = frozenAccounts[customer.id];
      this.records.accounts.push({
        userId: customer.id,
        name: customer.name,
        email: customer.email,
        locale: customer.locale,
        tier: customer.tier,
        kyc: {
          status: kycStatus,
          level: kycLevel,
          rejectionReason: kycStatus === 'rejected' ? dice.pick(kycRejectionReasons) : null,
          updatedAt: kycUpdatedAt,
        },
        frozen: frozen !== undefined,
        frozenAt: frozen ? this.ago(frozen.daysAgo * DAY) : null,
        frozenReason: frozen?.reason ?? null,
        createdAt,
      });
      this.addHistory(customer.id, createdAt, kycLevel > 0);
    }
  }

  private addHistory(userId: string, since: Date, verified: boolean): void {
    const dice = this.dice;
    const start = since.getTime();
    const end = this.now.getTime() - DAY;
    const moment = (): Date => new Date(start + dice.next() * (end - start));
    for (let i = dice.int(1, 5); i > 0; i--) {
      const chain = dice.weighted(chainWeights);
      const asset = dice.pick(Object.keys(chains[chain].fees));
      this.addDeposit({ userId, chain, asset, state: 'credited', createdAt: moment() });
    }
    if (!verified) return; // no withdrawals before identity is verified
    for (let i = dice.int(0, 3); i > 0; i--) {
      const chain = dice.weighted(chainWeights);
      const asset = dice.pick(Object.keys(chains[chain].fees));
      const cancelled = dice.chance(0.15);
      this.addWithdrawal({
        userId,
        chain,
        asset,
        state: cancelled ? 'cancelled' : 'completed',
        failureReason: cancelled ? 'cancelled_by_user' : undefined,
        createdAt: moment(),
      });
    }
  }

  /** The scenarios, newer than any history, so each is its customer's most recent activity. */
  addScenarios(): void {
    // Every chain carries at least one ordinary credited deposit.
    demoChains.forEach((chain, i) => {
      const userId = (demoCustomers[15 + i] as DemoCustomer).id;
      const asset = Object.keys(chains[chain].fees)[0] as string;
      this.addDeposit({ userId, chain, asset, state: 'credited', createdAt: this.ago(this.dice.int(26, 200) * HOUR) });
    });
    for (const [userId, chain, asset, amount, state, age, extra] of depositScenarios) {
      this.addDeposit({ userId, chain, asset, amount, state, createdAt: this.ago(age), ...extra });
    }
    for (const [userId, chain, asset, amount, state, age, failureReason] of withdrawalScenarios) {
      this.addWithdrawal({ userId, chain, asset, amount, state, createdAt: this.ago(age), failureReason });
    }
  }

  private newId(prefix: string): string {
    let id: string;
    do id = `${prefix}${this.dice.digits(10)}`;
    while (this.usedIds.has(id));
    this.usedIds.add(id);
    return id;
  }

  private depositTarget(userId: string, chain: DemoChain): { address: string; memo: string | null } {
    if (chains[chain].memo) {
      const key = `${userId}:${chain}`;
      if (!this.memos.has(key)) this.memos.set(key, randomMemo(this.dice, chain));
      return { address: this.sharedAddress.get(chain) as string, memo: this.memos.get(key) as string };
    }
    // One address per format: the same EVM address on every EVM chain, as exchanges hand out.
    const format = chains[chain].address;
    const key = `${userId}:${format}`;
    if (!this.depositAddresses.has(key)) this.depositAddresses.set(key, randomAddress(this.dice, format));
    return { address: this.depositAddresses.get(key) as string, memo: null };
  }

  private addDeposit(draft: DepositDraft): void {
    const spec = chains[draft.chain];
    const target = this.depositTarget(draft.userId, draft.chain);
    const settled = draft.state === 'credited' || draft.state === 'on_hold' || draft.state === 'failed';
    const creditedAt = new Date(draft.createdAt.getTime() + this.dice.int(1, 45) * MINUTE);
    this.records.deposits.push({
      id: this.newId('D'),
      userId: draft.userId,
      asset: draft.asset,
      chain: draft.chain,
      amount: draft.amount ?? randomAmount(this.dice, draft.asset),
      txHash: randomTxHash(this.dice, spec.hash),
      address: target.address,
      memo: draft.withoutMemo ? null : target.memo,
      confirmations: draft.confirmations ?? (settled ? spec.confirmations : 0),
      requiredConfirmations: spec.confirmations,
      state: draft.state,
      holdReason: draft.state === 'on_hold' ? (draft.holdReason ?? 'compliance_review') : null,
      createdAt: draft.createdAt,
      creditedAt: draft.state === 'credited' ? creditedAt : null,
    });
  }

  private addWithdrawal(draft: WithdrawalDraft): void {
    const spec = chains[draft.chain];
    const reverted = draft.failureReason === 'transaction_reverted';
    const broadcast = draft.state === 'sent' || draft.state === 'completed' || reverted;
    const minutesLater = inFlightWithdrawals.includes(draft.state) ? 0 : this.dice.int(2, 90);
    // A customer's own wallet: TON wallets show the non-bounceable form.
    const address =
      spec.address === 'ton' ? tonAddress(this.dice.bytes(32), false) : randomAddress(this.dice, spec.address);
    const withoutTag = draft.failureReason === 'destination_tag_required';
    this.records.withdrawals.push({
      id: this.newId('W'),
      userId: draft.userId,
      asset: draft.asset,
      chain: draft.chain,
      amount: draft.amount ?? randomAmount(this.dice, draft.asset),
      fee: spec.fees[draft.asset] ?? '0',
      address,
      memo: spec.memo && !withoutTag ? randomMemo(this.dice, draft.chain) : null,
      txHash: broadcast ? randomTxHash(this.dice, spec.hash) : null,
      state: draft.state,
      failureReason: draft.failureReason ?? null,
      createdAt: draft.createdAt,
      updatedAt: new Date(draft.createdAt.getTime() + minutesLater * MINUTE),
    });
  }

  /** Two to five assets each, holding at least what withdrawals in flight lock. */
  addBalances(): void {
    const assetNames = Object.keys(assets);
    for (const account of this.records.accounts) {
      const held = new Map<string, { available: bigint; locked: bigint }>();
      const count = this.dice.int(2, 5);
      while (held.size < count) {
        const asset = held.size === 0 ? 'USDT' : this.dice.pick(assetNames);
        held.set(asset, { available: parseUnits(randomAmount(this.dice, asset), decimalsOf(asset)), locked: 0n });
      }
      for (const w of this.records.withdrawals) {
        if (w.userId !== account.userId || !inFlightWithdrawals.includes(w.state)) continue;
        const entry = held.get(w.asset) ?? { available: 0n, locked: 0n };
        entry.locked += parseUnits(w.amount, decimalsOf(w.asset)) + parseUnits(w.fee, decimalsOf(w.asset));
        held.set(w.asset, entry);
      }
      for (const [asset, { available, locked }] of [...held].sort(([a], [b]) => a.localeCompare(b))) {
        const decimals = decimalsOf(asset);
        this.records.balances.push({
          userId: account.userId,
          asset,
          available: formatUnits(available, decimals),
          locked: formatUnits(locked, decimals),
        });
      }
    }
  }
}

function decimalsOf(asset: string): number {
  return (assets[asset] as AssetSpec).decimals;
}

/** Build the whole demo exchange relative to `now`; the same `now` always gives the same records. */
export function buildDemoExchange(now: Date): SimulatedExchangeRecords {
  const builder = new DemoExchangeBuilder(now);
  builder.addCustomers();
  builder.addScenarios();
  builder.addBalances();
  return builder.records;
}

/**
 * Fill the simulated exchange with the demo customers (ON CONFLICT DO NOTHING: seeding again, even
 * with another `now`, changes nothing). Pass a transaction's client to make it all-or-nothing.
 * Returns how many accounts this call added (0 when already seeded).
 */
export async function seedSimulatedExchange(sql: SqlClient, now: Date): Promise<{ accounts: number }> {
  const counts = await loadSimulatedExchange(sql, buildDemoExchange(now));
  return { accounts: counts.accounts };
}
