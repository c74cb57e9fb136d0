/**
 * The bot's guided flows, turn by turn, as a customer sees them: what it answers, which buttons it
 * offers, and when it freezes, resolves or hands over (and with what record for the agent).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intentCatalogueFile, botTextsFile } from '../../../src/contracts/content.ts';
import { IntentCatalogue } from '../../../src/core/bot/catalogue.ts';
import { newBotSession, noEntities, type BotEntities, type BotSession } from '../../../src/core/bot/session.ts';
import type { BotTexts } from '../../../src/core/bot/texts.ts';
import { decideBotTurn } from '../../../src/core/bot/turn.ts';
import type { BotInput, BotTurn, CustomerFacts } from '../../../src/core/bot/turn-types.ts';
import type { Deposit, Withdrawal } from '../../../src/core/exchange/types.ts';

const catalogue = new IntentCatalogue(intentCatalogueFile.parse(JSON.parse(readFileSync('content/intents/catalogue.json', 'utf8'))).intents);
const english = botTextsFile.parse(JSON.parse(readFileSync('content/flows/en.json', 'utf8')));
const texts: BotTexts = { en: { texts: english.texts, intentLabels: english.intentLabels } };
const now = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

const deposit = (over: Partial<Deposit>): Deposit => ({
  id: 'dep-1', userId: 'demo-001', asset: 'USDT', chain: 'TRC20', amount: '250', txHash: 'a'.repeat(64), address: 'TXyz', memo: null,
  confirmations: 3, requiredConfirmations: 19, state: 'confirming', holdReason: null, createdAt: minutesAgo(20), creditedAt: null, ...over,
});
const withdrawal = (over: Partial<Withdrawal>): Withdrawal => ({
  id: 'wd-1', userId: 'demo-001', asset: 'BTC', chain: 'BTC', amount: '0.5', fee: '0.0002', address: 'bc1q', memo: null, txHash: null,
  state: 'processing', failureReason: null, createdAt: minutesAgo(90), updatedAt: minutesAgo(10), ...over,
});
const noFacts: CustomerFacts = { account: null, deposits: [], withdrawals: [], incidents: [] };

function turn(over: Partial<BotInput> & { intent?: string; confidence?: number }): BotTurn {
  const { intent, confidence = 0.95, ...rest } = over;
  return decideBotTurn({
    session: newBotSession('en'),
    language: 'en',
    guess: { top: intent ? [{ intent, confidence }] : [], unsure: false },
    entities: noEntities(),
    choice: null,
    facts: noFacts,
    catalogue,
    texts,
    article: null,
    now,
    ...rest,
  });
}
const withEntities = (e: Partial<BotEntities>): BotEntities => ({ ...noEntities(), ...e });
const then = (previous: BotTurn, over: Partial<BotInput> & { intent?: string }) => turn({ session: previous.session, ...over });
const handoffOf = (t: BotTurn) => t.actions.find((a) => a.type === 'hand_over')?.handoff;
const buttonIds = (t: BotTurn) => t.replies.flatMap((r) => r.buttons.map((b) => b.id));

describe('bot: deposits', () => {
  it('answers a deposit named by tx hash with its confirmations and a wait estimate, then asks if that solved it', () => {
    const t = turn({ intent: 'deposit_not_credited', entities: withEntities({ txHashes: ['A'.repeat(64)] }), facts: { ...noFacts, deposits: [deposit({})] } });
    expect(t.replies[0]?.text).toContain('3 of 19 network confirmations');
    expect(t.replies[0]?.text).toContain('about 2 minutes');
    expect(buttonIds(t)).toEqual(['solved:yes', 'solved:no']);
    expect(t.actions).toEqual([]);
  });

  it('offers the recent deposits when no hash was given, and explains the one picked', () => {
    const facts = { ...noFacts, deposits: [deposit({ id: 'dep-2', state: 'credited', creditedAt: minutesAgo(5) }), deposit({ id: 'dep-1' })] };
    const first = turn({ intent: 'deposit_not_credited', facts });
    expect(buttonIds(first)).toEqual(['deposit:dep-1', 'human']);
    expect(first.replies[0]?.buttons[0]?.label).toBe('250 USDT (TRC20), 20 min ago');
    const second = then(first, { choice: 'deposit:dep-1', facts });
    expect(second.replies[0]?.text).toContain('3 of 19');
  });

  it('opens a case for the deposits team when the memo was missing, with the facts in the handoff', () => {
    const facts = { ...noFacts, deposits: [deposit({ asset: 'XRP', chain: 'XRP', state: 'on_hold', holdReason: 'missing memo' })] };
    const t = turn({ intent: 'deposit_not_credited', entities: withEntities({ txHashes: ['a'.repeat(64)], amounts: [{ value: '250', asset: 'XRP' }] }), facts });
    expect(t.replies.map((r) => r.text).join(' ')).toContain('without the memo/tag');
    const handoff = handoffOf(t);
    expect(handoff).toMatchObject({ intent: 'deposit_missing_memo', department: 'deposits', reason: 'needs_agent' });
    expect(handoff?.summary).toContain('250 XRP');
    expect(handoff?.summary).toContain('on_hold');
  });

  it('asks for the hash when the account has no deposits, and hands over when the hash is not the customer\'s', () => {
    const first = turn({ intent: 'deposit_not_credited' });
    expect(first.session.awaiting).toEqual({ kind: 'tx_hash', intent: 'deposit_not_credited' });
    const second = then(first, { entities: withEntities({ txHashes: ['b'.repeat(64)] }) });
    expect(handoffOf(second)).toMatchObject({ department: 'deposits', intent: 'deposit_not_credited' });
  });
});

describe('bot: withdrawals', () => {
  it('explains a failed withdrawal with its reason and mentions a declared incident on its network', () => {
    const facts = { ...noFacts, withdrawals: [withdrawal({ state: 'failed', failureReason: 'address checksum invalid' })], incidents: [{ chain: 'btc', message: 'Expect 2 hours.' }] };
    const t = turn({ intent: 'withdrawal_failed', facts });
    const said = t.replies.map((r) => r.text).join(' ');
    expect(said).toContain('failed: address checksum invalid');
    expect(said).toContain('BTC withdrawals are currently delayed. Expect 2 hours.');
  });
});

describe('bot: security lane', () => {
  it('offers the freeze first, then freezes and hands over as urgent to the security team', () => {
    const first = turn({ intent: 'account_compromised' });
    expect(buttonIds(first)).toEqual(['freeze:yes', 'freeze:no']);
    expect(first.replies).toHaveLength(1);
    const second = then(first, { choice: 'freeze:yes' });
    expect(second.actions.map((a) => a.type)).toEqual(['freeze_account', 'hand_over']);
    expect(handoffOf(second)).toMatchObject({ department: 'security', priority: 'urgent', reason: 'urgent' });
  });

  it('treats even an unsure guess of a hacked account as the security lane', () => {
    const t = turn({ guess: { top: [{ intent: 'account_compromised', confidence: 0.4 }, { intent: 'password_reset', confidence: 0.3 }], unsure: true } });
    expect(buttonIds(t)).toContain('freeze:yes');
  });
});

describe('bot: understanding and handover', () => {
  it('asks with the top guesses as buttons when unsure, and follows the one picked', () => {
    const guess = { top: [{ intent: 'withdrawal_pending', confidence: 0.4 }, { intent: 'out_of_scope', confidence: 0.3 }, { intent: 'fees', confidence: 0.2 }], unsure: true };
    const first = turn({ guess });
    expect(buttonIds(first)).toEqual(['intent:withdrawal_pending', 'intent:fees', 'human']);
    const second = then(first, { choice: 'intent:withdrawal_pending', facts: { ...noFacts, withdrawals: [withdrawal({})] } });
    expect(second.replies[0]?.text).toContain('is being processed');
  });

  it('hands a customer who asks for a person to the department of what they were asking about', () => {
    const first = turn({ intent: 'deposit_not_credited', entities: withEntities({ txHashes: ['a'.repeat(64)] }), facts: { ...noFacts, deposits: [deposit({})] } });
    const second = then(first, { intent: 'talk_to_human' });
    expect(handoffOf(second)).toMatchObject({ department: 'deposits', reason: 'customer_asked' });
    expect(handoffOf(second)?.tried[0]).toContain('looked up deposit');
  });

  it('resolves when the customer confirms it is solved, and hands over when it is not', () => {
    const facts = { ...noFacts, deposits: [deposit({ state: 'credited', creditedAt: minutesAgo(3) })] };
    const first = turn({ intent: 'deposit_not_credited', entities: withEntities({ txHashes: ['a'.repeat(64)] }), facts });
    expect(then(first, { choice: 'solved:yes' }).actions).toEqual([{ type: 'resolve' }]);
    expect(handoffOf(then(first, { choice: 'solved:no' }))).toMatchObject({ reason: 'not_solved', department: 'deposits' });
  });

  it('answers FAQ intents from the knowledge base and says when the article is only in English', () => {
    const article = { slug: 'fees', title: 'Fees', summary: 'Trading fees are 0.1%.', language: 'en' as const, url: '/help/fees' };
    const t = turn({ intent: 'fees', language: 'es', article });
    expect(t.replies[0]?.text).toContain('in English, not yet translated');
    expect(t.session.awaiting).toEqual({ kind: 'solved_confirm', intent: 'fees' });
  });

  it('offers a person after two off-topic messages in a row', () => {
    const first = turn({ intent: 'out_of_scope' });
    expect(buttonIds(first)).toEqual([]);
    expect(buttonIds(then(first, { intent: 'out_of_scope' }))).toEqual(['human']);
  });

  it('remembers entities across messages for the handoff', () => {
    const session: BotSession = { ...newBotSession('ru'), entities: withEntities({ chains: ['TRC20'] }) };
    const t = turn({ session, language: 'ru', intent: 'complaint', entities: withEntities({ amounts: [{ value: '100', asset: 'USDT' }] }) });
    expect(handoffOf(t)?.entities).toMatchObject({ chains: ['TRC20'], amounts: [{ value: '100', asset: 'USDT' }] });
    expect(handoffOf(t)?.summary).toContain('Russian');
  });
});
