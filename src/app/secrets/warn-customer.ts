import { secretsWarning } from '../../core/secrets/warnings.ts';
import { secretKinds, type SecretKind } from '../../core/secrets/types.ts';
import type { ClaimedJob, JobDraft } from '../../ports/jobs.ts';
import { retryOnConflict } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';
import { afterMessage } from '../../core/conversations/lifecycle.ts';

export const warnCustomerJobKind = 'secrets.warn_customer';

/** An earlier message that held part of a phrase the current one completed, and its guarded text. */
export interface EarlierPart {
  seq: number;
  body: string;
}

/**
 * The job committed with a message the secrets guard rewrote (`seq`): it redacts the earlier parts
 * of a split phrase, flags the exposure for the security team and warns the customer. Committed in
 * the same statement as the message, so a crash after the commit cannot skip any of it.
 */
export function warnCustomerJob(conversationId: string, seq: number, kinds: SecretKind[], earlier: EarlierPart[], now: Date): JobDraft {
  return {
    kind: warnCustomerJobKind,
    payload: { conversationId, seq, kinds, earlier },
    runAt: now,
    key: `${warnCustomerJobKind}:${conversationId}:${seq}`,
  };
}

/**
 * Job handler. Both steps are idempotent, so a job that runs twice does each once: the exposure
 * is recorded once per message (its event with it), and the warning's clientMsgId is derived from
 * the guarded message.
 */
export async function warnCustomer(deps: AppDeps, job: ClaimedJob): Promise<void> {
  const conversationId = String(job.payload.conversationId ?? '');
  const seq = Number(job.payload.seq ?? 0);
  const kinds = (Array.isArray(job.payload.kinds) ? job.payload.kinds : []).filter((k): k is SecretKind => secretKinds.includes(k as SecretKind));
  const earlier = earlierParts(job.payload.earlier);
  const recorded = await deps.secrets.recordExposure({ conversationId, seq, kinds, earlier, now: deps.clock.now() });
  deps.events.publish(recorded.events);

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

function earlierParts(value: unknown): EarlierPart[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const part = item as Partial<EarlierPart> | null;
    return part && Number.isInteger(part.seq) && typeof part.body === 'string' ? [{ seq: Number(part.seq), body: part.body }] : [];
  });
}
