import { DomainError } from '../../core/errors.ts';
import { afterMessage, type Decision } from '../../core/conversations/lifecycle.ts';
import type { Visibility } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { CommittedMessage } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, loadConversationFor, requirePermission, retryOnConflict } from './access.ts';

export interface PostMessageInput {
  conversationId: string;
  clientMsgId: string;
  body: string;
  visibility: Visibility;
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
  const actor = actorOf(principal);
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
    return deps.store.appendMessage(
      {
        id: deps.newId(),
        conversationId: conversation.id,
        clientMsgId: input.clientMsgId,
        authorKind: actor.kind,
        authorId: actor.id,
        body: input.body,
        visibility: input.visibility,
        now: deps.clock.now(),
      },
      conversation,
      decision,
      actor,
    );
  });
  if (result.duplicate) {
    const same = result.message.body === input.body && result.message.authorId === actor.id
      && result.message.visibility === input.visibility;
    if (!same) throw new DomainError('client_msg_id_reused');
    return result;
  }
  deps.events.publish(result.events);
  return result;
}
