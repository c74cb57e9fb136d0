import { botEvents, type HandoffRecord } from '../../core/bot/events.ts';
import { newBotSession } from '../../core/bot/session.ts';
import { say } from '../../core/bot/texts.ts';
import { decideBotTurn } from '../../core/bot/turn.ts';
import type { BotReply, BotTurn, CustomerFacts } from '../../core/bot/turn-types.ts';
import { handOver, noChange, resolve, type Decision } from '../../core/conversations/lifecycle.ts';
import type { Conversation, Language, Message } from '../../core/conversations/types.ts';
import type { ClaimedJob, JobDraft } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';
import { closeResolvedJob } from '../conversations/close-resolved-conversation.ts';

export const answerCustomerJobKind = 'bot.answer';

/**
 * The durable job that answers one customer message while the bot has the conversation. It is
 * committed with the message itself, so no message is left unanswered by a crash in between.
 */
export function answerCustomerJob(conversationId: string, seq: number, now: Date): JobDraft {
  return { kind: answerCustomerJobKind, payload: { conversationId, seq }, runAt: now, key: `${answerCustomerJobKind}:${conversationId}:${seq}`, maxAttempts: 5 };
}

/**
 * Job handler: understand the customer's message, look at their account, decide the bot's turn and
 * commit it whole (replies, hand-over or resolution, memory, the job's completion). A repeated or
 * late job for a message already answered does nothing.
 */
export async function answerCustomer(deps: AppDeps, job: ClaimedJob): Promise<void> {
  const conversationId = String(job.payload.conversationId ?? '');
  const seq = Number(job.payload.seq ?? 0);
  const conversation = await deps.store.getConversation(conversationId);
  const stored = conversation ? await deps.botStore.getSession(conversationId) : null;
  const [message] = conversation ? await deps.store.listMessages(conversationId, seq - 1, 1, false) : [];
  if (!conversation || conversation.state !== 'bot' || !message || message.seq !== seq || (stored && stored.handledSeq >= seq)) {
    await deps.jobs.complete(job, deps.clock.now());
    return;
  }
  const now = deps.clock.now();
  const customer = await deps.store.getCustomer(conversation.customerId);
  const understanding = deps.understander.understand({ text: message.body, locale: customer?.locale ?? null, conversationLanguage: stored?.session.language ?? null });
  const language = understanding.language;
  const intent = understanding.guess.top[0]?.intent ?? 'out_of_scope';
  const [facts, article] = await Promise.all([
    customerFacts(deps, conversation.customerId, language),
    deps.knowledge.bestArticle(intent, message.body, language),
  ]);
  const turn = decideBotTurn({
    session: stored?.session ?? newBotSession(language),
    language,
    guess: understanding.guess,
    entities: understanding.entities,
    choice: message.metadata?.quickReply ?? null,
    facts,
    catalogue: deps.understander.catalogue,
    texts: deps.understander.texts,
    article,
    now,
  });
  const replies = await carryOutFreeze(deps, turn, conversation.customerId, language);
  const handoff = turn.actions.find((a) => a.type === 'hand_over')?.handoff ?? null;
  const { decision, jobs } = conversationChange(deps, conversation, turn, handoff, now);
  const { events } = await deps.botStore.commitTurn({
    conversationId,
    expectedVersion: conversation.version,
    replies: replies.map((reply, i) => ({
      id: deps.newId(),
      clientMsgId: `bot:${seq}:${i}`,
      body: reply.text,
      metadata: reply.buttons.length > 0 ? { buttons: reply.buttons } : null,
    })),
    decision,
    session: turn.session,
    handledSeq: seq,
    handoff,
    jobs,
    job,
    now,
  });
  deps.events.publish(events);
}

async function customerFacts(deps: AppDeps, customerId: string, language: Language): Promise<CustomerFacts> {
  const incidents = await deps.botStore.openIncidents(language);
  // Visitors have no exchange account: the bot can still answer from the knowledge base.
  if (customerId.startsWith('visitor:')) return { account: null, deposits: [], withdrawals: [], incidents };
  const [account, deposits, withdrawals] = await Promise.all([
    deps.exchange.getAccount(customerId),
    deps.exchange.listDeposits(customerId, 10),
    deps.exchange.listWithdrawals(customerId, 10),
  ]);
  return { account, deposits, withdrawals, incidents };
}

/**
 * Freeze the account when the customer confirmed it, and tell them how it went, before the
 * hand-over message. The freeze is idempotent, so a job that runs twice freezes once.
 */
async function carryOutFreeze(deps: AppDeps, turn: BotTurn, customerId: string, language: Language): Promise<BotReply[]> {
  if (!turn.actions.some((a) => a.type === 'freeze_account')) return turn.replies;
  let key: 'freeze_done' | 'freeze_failed' = 'freeze_failed';
  try {
    const account = customerId.startsWith('visitor:') ? null : await deps.exchange.freezeAccount(customerId, 'requested by the customer through the support bot');
    if (account?.frozen) key = 'freeze_done';
  } catch {
    // Reported to the customer and to the security team through the hand-over; never blocks it.
  }
  const outcome: BotReply = { text: say(deps.understander.texts, language, key), buttons: [] };
  return [...turn.replies.slice(0, -1), outcome, ...turn.replies.slice(-1)];
}

function conversationChange(
  deps: AppDeps,
  conversation: Conversation,
  turn: BotTurn,
  handoff: HandoffRecord | null,
  now: Date,
): { decision: Decision; jobs: JobDraft[] } {
  if (handoff) {
    return { decision: handOver(conversation, { department: handoff.department, language: handoff.language, priority: handoff.priority }), jobs: [] };
  }
  if (turn.actions.some((a) => a.type === 'resolve')) {
    return { decision: resolve(conversation, now, botEvents.resolved), jobs: [closeResolvedJob(conversation.id, now, deps.settings.autoCloseAfterMs)] };
  }
  if (turn.session.language !== conversation.language) {
    return { decision: { patch: { language: turn.session.language }, events: [] }, jobs: [] };
  }
  return { decision: noChange, jobs: [] };
}

/** Whether a new customer message should be answered by the bot. */
export function botAnswers(conversation: Pick<Conversation, 'state'>, message: Pick<Message, 'authorKind' | 'visibility'>): boolean {
  return conversation.state === 'bot' && message.authorKind === 'customer' && message.visibility === 'public';
}
