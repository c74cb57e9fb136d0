/**
 * One bot turn: given the customer's message (already guarded, classified and with its entities),
 * the bot's memory of the conversation and the exchange's facts, decide what the bot says, what it
 * remembers, and what the app must do (freeze the account, hand over, resolve). Pure.
 */
import { specialIntents } from './catalogue.ts';
import { answerFreeze, startCompromisedFlow, startKycFlow, startPhishingFlow, startSelfServiceFlow } from './flows/account.ts';
import { answerFromKnowledgeBase, answerGreeting, answerOutOfScope, askToClarify } from './flows/answers.ts';
import { continueWithDeposit, startDepositFlow } from './flows/deposits.ts';
import { choices, TurnBuilder } from './flows/turn-builder.ts';
import { continueWithWithdrawal, startWithdrawalFlow } from './flows/withdrawals.ts';
import { mergeEntities } from './session.ts';
import type { BotInput, BotTurn } from './turn-types.ts';

export function decideBotTurn(input: BotInput): BotTurn {
  const b = new TurnBuilder(input);
  b.session = { ...b.session, entities: mergeEntities(b.session.entities, input.entities) };
  if (input.choice === choices.human) {
    b.tried('the customer asked for a person');
    b.handOver('customer_asked');
    return b.build();
  }
  if (!answerAwaited(b)) answerMessage(b);
  return b.build();
}

/** The customer answered the question the bot asked (a button, or a tx hash); false if not. */
function answerAwaited(b: TurnBuilder): boolean {
  const awaiting = b.session.awaiting;
  const choice = b.input.choice;
  if (!awaiting) return false;
  switch (awaiting.kind) {
    case 'intent_choice': {
      const picked = choice?.startsWith('intent:') ? choice.slice('intent:'.length) : null;
      if (!picked || !awaiting.options.includes(picked)) return false;
      b.session = { ...b.session, confidence: 1 };
      runIntent(b, picked);
      return true;
    }
    case 'deposit_choice': {
      const picked = choice?.startsWith('deposit:') ? choice.slice('deposit:'.length) : null;
      if (!picked || !awaiting.depositIds.includes(picked)) return false;
      continueWithDeposit(b, awaiting.intent, picked);
      return true;
    }
    case 'withdrawal_choice': {
      const picked = choice?.startsWith('withdrawal:') ? choice.slice('withdrawal:'.length) : null;
      if (!picked || !awaiting.withdrawalIds.includes(picked)) return false;
      continueWithWithdrawal(b, awaiting.intent, picked);
      return true;
    }
    case 'tx_hash':
      if (b.input.entities.txHashes.length === 0) return false;
      startDepositFlow(b, awaiting.intent);
      return true;
    case 'freeze_confirm':
      if (choice !== choices.freezeYes && choice !== choices.freezeNo) return false;
      answerFreeze(b, choice === choices.freezeYes);
      return true;
    case 'solved_confirm':
      return answerSolved(b, awaiting.intent);
  }
}

function answerSolved(b: TurnBuilder, intent: string): boolean {
  const choice = b.input.choice;
  if (choice === choices.solvedYes) {
    b.tried('the customer said it is solved');
    b.reply('solved_thanks');
    b.resolve();
    return true;
  }
  if (choice === choices.solvedNo) {
    b.tried('the customer said it is not solved');
    b.handOver('not_solved', { intent });
    return true;
  }
  // Typed instead of pressing: a new, clear request starts over; anything else means "not yet".
  const top = b.input.guess.top[0];
  if (!b.input.guess.unsure && top && top.intent !== intent && top.intent !== specialIntents.greeting) return false;
  b.tried('the customer wrote back instead of confirming');
  b.handOver('not_solved', { intent });
  return true;
}

/** A new request: act on the classifier's best intent, or ask when it is unsure. */
function answerMessage(b: TurnBuilder): void {
  b.await(null);
  const top = b.input.guess.top[0];
  if (!top) return answerOutOfScope(b);
  // An unsure guess of an urgent security intent is still treated as urgent: a false alarm costs
  // a senior agent a minute, a missed hacked account costs the customer their funds.
  if (b.input.guess.unsure && top.intent !== 'account_compromised') return askToClarify(b);
  b.session = { ...b.session, confidence: top.confidence };
  runIntent(b, top.intent);
}

function runIntent(b: TurnBuilder, intent: string): void {
  const previous = b.session.intent;
  if (intent !== specialIntents.outOfScope) b.session = { ...b.session, outOfScopeStreak: 0 };
  const keepsTopic = intent === specialIntents.talkToHuman || intent === specialIntents.complaint
    || intent === specialIntents.greeting || intent === specialIntents.outOfScope;
  if (!keepsTopic) b.session = { ...b.session, intent };
  switch (intent) {
    case specialIntents.greeting:
      return answerGreeting(b);
    case specialIntents.outOfScope:
      return answerOutOfScope(b);
    case specialIntents.talkToHuman:
    case specialIntents.complaint:
      // Straight to a person, in the department of what the customer was asking about, if anything.
      b.tried(intent === specialIntents.complaint ? 'the customer has a complaint' : 'the customer asked for a person');
      return void b.handOver('customer_asked', { intent: previous ?? intent });
    case 'deposit_not_credited':
    case 'deposit_missing_memo':
    case 'deposit_wrong_network':
      return startDepositFlow(b, intent);
    case 'withdrawal_pending':
    case 'withdrawal_failed':
    case 'withdrawal_suspended':
      return startWithdrawalFlow(b, intent);
    case 'kyc_status':
    case 'kyc_rejected':
      return startKycFlow(b, intent);
    case 'account_compromised':
      return startCompromisedFlow(b);
    case 'phishing_report':
      return startPhishingFlow(b);
    case 'twofa_reset':
    case 'password_reset':
      return startSelfServiceFlow(b, intent);
    default:
      return answerFromKnowledgeBase(b, intent);
  }
}
