/**
 * withdrawal_pending, withdrawal_failed, withdrawal_suspended: find the withdrawal (by the id the
 * customer gave, or by offering their recent ones), explain its state and reason, and say so when a
 * network incident is declared on its chain.
 */
import type { Withdrawal } from '../../exchange/types.ts';
import type { BotTextKey } from '../texts.ts';
import { ageOf, formatAmount } from './deposits.ts';
import { choices, type TurnBuilder } from './turn-builder.ts';

const MAX_OPTIONS = 3;
const settled = new Set(['completed', 'cancelled']);

export function startWithdrawalFlow(b: TurnBuilder, intent: string): void {
  const ids = new Set(b.session.entities.orderIds.map((id) => id.toLowerCase()));
  const hashes = new Set(b.session.entities.txHashes.map((h) => h.toLowerCase()));
  const named = b.input.facts.withdrawals.find((w) => ids.has(w.id.toLowerCase()) || (w.txHash !== null && hashes.has(w.txHash.toLowerCase())));
  if (named) return explainWithdrawal(b, intent, named);
  const open = b.input.facts.withdrawals.filter((w) => !settled.has(w.state));
  const offered = (open.length > 0 ? open : b.input.facts.withdrawals).slice(0, MAX_OPTIONS);
  if (offered.length === 0) {
    b.tried('looked for withdrawals: none on this account');
    b.reply('withdrawal_none');
    return void b.handOver('needs_agent', { intent });
  }
  if (offered.length === 1 && offered[0]) return explainWithdrawal(b, intent, offered[0]);
  const buttons = offered.map((w) => ({ id: choices.withdrawal(w.id), label: b.text('withdrawal_option', withdrawalValues(w, b.input.now, b.language)) }));
  b.reply('withdrawal_choose', {}, [...buttons, b.button(choices.human, 'button_human')]);
  b.await({ kind: 'withdrawal_choice', intent, withdrawalIds: offered.map((w) => w.id) });
}

export function continueWithWithdrawal(b: TurnBuilder, intent: string, withdrawalId: string): void {
  const withdrawal = b.input.facts.withdrawals.find((w) => w.id === withdrawalId);
  if (!withdrawal) return void b.handOver('needs_agent', { intent });
  explainWithdrawal(b, intent, withdrawal);
}

function explainWithdrawal(b: TurnBuilder, intent: string, w: Withdrawal): void {
  const values = withdrawalValues(w, b.input.now, b.language);
  b.tried(`looked up withdrawal ${w.id} (${w.amount} ${w.asset}, ${w.chain}): ${w.state}${w.failureReason ? ` (${w.failureReason})` : ''}`);
  b.reply(`withdrawal_${w.state}` as BotTextKey, values);
  const incident = b.input.facts.incidents.find((i) => i.chain.toUpperCase() === w.chain.toUpperCase());
  if (incident && !settled.has(w.state)) {
    b.tried(`told the customer about the declared ${incident.chain} incident`);
    b.reply('withdrawal_incident', { chain: w.chain, message: incident.message });
  }
  if (w.state === 'rejected') return void b.handOver('needs_agent', { intent });
  b.askSolved(intent);
}

function withdrawalValues(w: Withdrawal, now: Date, language: string): Record<string, string | number> {
  return {
    id: w.id,
    amount: formatAmount(w.amount, language),
    asset: w.asset,
    chain: w.chain,
    address: w.address,
    tx: w.txHash ?? '',
    reason: w.failureReason ?? '',
    age: ageOf(w.createdAt, now, language),
  };
}
