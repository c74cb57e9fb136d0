import { DomainError } from '../../core/errors.ts';
import type { Signal } from '../../core/conversations/signals.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { busSubjects } from '../../ports/bus.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, loadConversationFor } from './access.ts';

/** Record that the principal has read up to `seq`, and tell the other side. */
export async function markRead(deps: AppDeps, principal: Principal, conversationId: string, seq: number): Promise<number> {
  const conversation = await loadConversationFor(deps, principal, conversationId);
  if (seq > conversation.lastSeq) throw new DomainError('validation_failed', 'seq is beyond the last message');
  const reader = actorOf(principal);
  const readSeq = await deps.store.markRead(conversation.id, reader, seq);
  const signal: Signal = { type: 'read', conversationId: conversation.id, customerId: conversation.customerId, reader, seq: readSeq };
  await deps.bus.publish(busSubjects.signals, signal);
  return readSeq;
}
