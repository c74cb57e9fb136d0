/**
 * deposit_not_credited, deposit_missing_memo, deposit_wrong_network: find the deposit (by the tx
 * hash the customer gave, or by offering their recent deposits), answer with the facts, and open a
 * case for the deposits department when a person has to act (memo, network, hold, failure).
 */
import type { Deposit } from '../../exchange/types.ts';
import { choices, type TurnBuilder } from './turn-builder.ts';

/** Seconds per block, for a rough wait estimate; unknown chains assume a minute. */
const blockSeconds: Record<string, number> = {
  BTC: 600, LTC: 150, DOGE: 60, BCH: 600, ETH: 12, ERC20: 12, BSC: 3, BEP20: 3, TRON: 3, TRC20: 3,
  SOL: 1, POLYGON: 2, MATIC: 2, ARBITRUM: 1, OPTIMISM: 2, BASE: 2, AVAXC: 2, XRP: 4, XLM: 5, TON: 5,
};

const MAX_OPTIONS = 3;

export function startDepositFlow(b: TurnBuilder, intent: string): void {
  const deposit = depositNamed(b);
  if (deposit) return explainDeposit(b, intent, deposit);
  const named = b.session.entities.txHashes.at(-1);
  if (named) {
    b.tried(`looked for a deposit with tx ${named.slice(0, 12)}…: not found on this account`);
    b.reply('deposit_not_found', { tx: named });
    return void b.handOver('needs_agent', { intent });
  }
  const open = b.input.facts.deposits.filter((d) => d.state !== 'credited');
  const offered = (open.length > 0 ? open : b.input.facts.deposits).slice(0, MAX_OPTIONS);
  if (offered.length === 0) {
    b.reply('deposit_ask_tx');
    return void b.await({ kind: 'tx_hash', intent });
  }
  const buttons = offered.map((d) => ({ id: choices.deposit(d.id), label: b.text('deposit_option', depositValues(d, b.input.now, b.language)) }));
  b.reply('deposit_choose', {}, [...buttons, b.button(choices.human, 'button_human')]);
  b.await({ kind: 'deposit_choice', intent, depositIds: offered.map((d) => d.id) });
}

/** The customer picked one of the offered deposits. */
export function continueWithDeposit(b: TurnBuilder, intent: string, depositId: string): void {
  const deposit = b.input.facts.deposits.find((d) => d.id === depositId);
  if (!deposit) return void b.handOver('needs_agent', { intent });
  explainDeposit(b, intent, deposit);
}

function depositNamed(b: TurnBuilder): Deposit | undefined {
  const hashes = new Set(b.session.entities.txHashes.map((h) => h.toLowerCase()));
  return b.input.facts.deposits.find((d) => hashes.has(d.txHash.toLowerCase()));
}

function explainDeposit(b: TurnBuilder, intent: string, d: Deposit): void {
  const values = depositValues(d, b.input.now, b.language);
  b.tried(`looked up deposit ${values.amount} ${d.asset} (${d.chain}, tx ${d.txHash.slice(0, 12)}…): ${d.state}`);
  switch (d.state) {
    case 'pending':
    case 'confirming':
      b.reply(d.state === 'pending' ? 'deposit_pending' : 'deposit_confirming', values);
      return void b.askSolved(intent);
    case 'credited':
      b.reply('deposit_credited', values);
      return void b.askSolved(intent);
    case 'failed':
      b.reply('deposit_failed', values);
      b.reply('deposit_case_opened');
      return void b.handOver('needs_agent', { intent });
    case 'on_hold': {
      const reason = (d.holdReason ?? '').toLowerCase();
      const key = reason.includes('memo') || reason.includes('tag')
        ? 'deposit_missing_memo'
        : reason.includes('network') || reason.includes('unsupported') ? 'deposit_wrong_network' : 'deposit_on_hold';
      b.reply(key, values);
      b.reply('deposit_case_opened');
      const caseIntent = key === 'deposit_missing_memo' ? 'deposit_missing_memo' : key === 'deposit_wrong_network' ? 'deposit_wrong_network' : intent;
      return void b.handOver('needs_agent', { intent: caseIntent });
    }
  }
}

function depositValues(d: Deposit, now: Date, language: string): Record<string, string | number> {
  const missing = Math.max(0, d.requiredConfirmations - d.confirmations);
  const seconds = missing * (blockSeconds[d.chain.toUpperCase()] ?? 60);
  return {
    amount: formatAmount(d.amount, language),
    asset: d.asset,
    chain: d.chain,
    tx: d.txHash,
    confirmations: d.confirmations,
    required: d.requiredConfirmations,
    // An estimate, never "1 minutes": the texts say "about {minutes} minutes" in every language.
    minutes: Math.max(2, Math.ceil(seconds / 60)),
    creditedAt: d.creditedAt ? d.creditedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '',
    reason: d.holdReason ?? '',
    age: ageOf(d.createdAt, now, language),
  };
}

/** An amount as the customer writes numbers ("1,200.5" in English, "1.200,5" in German). */
export function formatAmount(amount: string, language: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  const decimals = (amount.split('.')[1] ?? '').length;
  return new Intl.NumberFormat(language, { minimumFractionDigits: 0, maximumFractionDigits: Math.min(decimals, 18) }).format(value);
}

/** "35 min", "5 hr", "3 days" in the customer's language ("20分钟", "5시간"), short enough for a button. */
export function ageOf(then: Date, now: Date, language: string): string {
  const minutes = Math.max(0, Math.round((now.getTime() - then.getTime()) / 60_000));
  const hours = Math.round(minutes / 60);
  const [value, unit] = minutes < 90 ? [minutes, 'minute'] : hours < 48 ? [hours, 'hour'] : [Math.round(hours / 24), 'day'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}
