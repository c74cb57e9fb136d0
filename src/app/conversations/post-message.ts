import { DomainError } from '../../core/errors.ts';
import { afterMessage, type Decision } from '../../core/conversations/lifecycle.ts';
import type { MessageMetadata, Visibility } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { CommittedMessage } from '../../ports/store.ts';
import { answerCustomerJob, botAnswers } from '../bot/answer-customer.ts';
import { guardCustomerMessage } from '../secrets/guard-customer-message.ts';
import { warnCustomerJob } from '../secrets/warn-customer.ts';
import type { SecretKind } from '../../core/secrets/types.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, loadConversationFor, requirePermission, retryOnConflict } from './access.ts';

export interface PostMessageInput {
  conversationId: string;
  clientMsgId: string;
  body: string;
  visibility: Visibility;
  /** The quick-reply button a customer pressed (customers only). */
  quickReply?: string | undefined;
}

/**
 * Post a customer message, an agent reply or an internal note. Acknowledged only once committed;
 * a resend with the same clientMsgId answers with the original message and stores nothing.
 */
export async function postMessage(deps: AppDeps, principal: Principal, input: PostMessageInput): Promise<CommittedMessage> {
  if (principal.kind === 'customer' && input.visibility === 'internal') {
    throw new DomainError('forbidden', 'Customers cannot post internal notes');
  }
  if (principal.kind === 'agent') requirePermission(principal, 'conversation.work');
  if (principal.kind !== 'customer' && input.quickReply !== undefined) {
    throw new DomainError('validation_failed', 'Only customers press quick replies');
  }
  const actor = actorOf(principal);
  let storedBody = input.body;
  const result = await retryOnConflict(async () => {
    const conversation = await loadConversationFor(deps, principal, input.conversationId);
    let decision: Decision;
    try {
      decision = afterMessage(conversation, actor.kind, input.visibility);
    } catch (err) {
      // A resend of a message stored before the conversation closed still gets its answer.
      const earlier = await deps.store.findMessageByClientMsgId(conversation.id, input.clientMsgId);
      if (earlier) return { conversation, message: earlier, events: [], duplicate: true };
      throw err;
    }
    // Collision control: one voice towards the customer. Others add internal notes, or take over.
    if (principal.kind === 'agent' && input.visibility === 'public' && conversation.assigneeId !== principal.agentId) {
      throw new DomainError('not_assignee');
    }
    const now = deps.clock.now();
    const answeredByBot = botAnswers(conversation, { authorKind: actor.kind, visibility: input.visibility });
    const seq = conversation.lastSeq + 1;
    const guarded = principal.kind === 'customer' ? await guardCustomerMessage(deps, principal.customerId, conversation, input.body) : null;
    storedBody = guarded?.body ?? input.body;
    const earlier = guarded?.earlier ?? [];
    const redactions = guarded?.redactions ?? [];
    return deps.store.appendMessage(
      {
        id: deps.newId(),
        conversationId: conversation.id,
        clientMsgId: input.clientMsgId,
        authorKind: actor.kind,
        authorId: actor.id,
        body: storedBody,
        visibility: input.visibility,
        metadata: messageMetadata(input.quickReply, redactions),
        jobs: [
          ...(redactions.length > 0 || earlier.length > 0 ? [warnCustomerJob(conversation.id, seq, redactions, earlier, now)] : []),
          ...(answeredByBot ? [answerCustomerJob(conversation.id, seq, now)] : []),
        ],
        now,
      },
      conversation,
      decision,
      actor,
    );
  });
  if (result.duplicate) {
    const same = (result.message.body === input.body || result.message.body === storedBody) && result.message.authorId === actor.id
      && result.message.visibility === input.visibility;
    if (!same) throw new DomainError('client_msg_id_reused');
    return result;
  }
  deps.events.publish(result.events);
  return result;
}

function messageMetadata(quickReply: string | undefined, redactions: SecretKind[]): MessageMetadata | null {
  if (quickReply === undefined && redactions.length === 0) return null;
  return { ...(quickReply === undefined ? {} : { quickReply }), ...(redactions.length > 0 ? { redactions } : {}) };
}
