import { secretsWarning } from '../../core/secrets/warnings.ts';
import { secretKinds, type SecretKind } from '../../core/secrets/types.ts';
import type { ClaimedJob, JobDraft } from '../../ports/jobs.ts';
import { retryOnConflict } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';
import { afterMessage } from '../../core/conversations/lifecycle.ts';

export const warnCustomerJobKind = 'secrets.warn_customer';

/** The job that tells the customer, in their language, that a secret was removed from message `seq`. */
export function warnCustomerJob(conversationId: string, seq: number, kinds: SecretKind[], now: Date): JobDraft {
  return { kind: warnCustomerJobKind, payload: { conversationId, seq, kinds }, runAt: now, key: `${warnCustomerJobKind}:${conversationId}:${seq}` };
}

/**
 * Job handler: post the warning as a system message. Its clientMsgId is derived from the guarded
 * message, so a job that runs twice posts it once.
 */
export async function warnCustomer(deps: AppDeps, job: ClaimedJob): Promise<void> {
  const conversationId = String(job.payload.conversationId ?? '');
  const seq = Number(job.payload.seq ?? 0);
  const kinds = (Array.isArray(job.payload.kinds) ? job.payload.kinds : []).filter((k): k is SecretKind => secretKinds.includes(k as SecretKind));
  const result = await retryOnConflict(async () => {
    const conversation = await deps.store.getConversation(conversationId);
    const text = conversation ? secretsWarning(deps.secretsWarnings, conversation.language, kinds) : null;
    if (!conversation || !text || conversation.state === 'closed') return null;
    const now = deps.clock.now();
    return deps.store.appendMessage(
      { id: deps.newId(), conversationId, clientMsgId: `secrets-warning:${seq}`, authorKind: 'system', authorId: null, body: text, visibility: 'public', metadata: null, now },
      conversation,
      afterMessage(conversation, 'system', 'public'),
      { kind: 'system', id: null },
    );
  });
  if (result && !result.duplicate) deps.events.publish(result.events);
}
