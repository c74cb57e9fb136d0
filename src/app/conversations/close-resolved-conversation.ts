import { close } from '../../core/conversations/lifecycle.ts';
import type { ClaimedJob, JobDraft } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';
import { retryOnConflict } from './access.ts';

export const closeResolvedJobKind = 'conversation.close_resolved';

/** The durable job that closes a resolved conversation once its grace period is over. */
export function closeResolvedJob(conversationId: string, resolvedAt: Date, afterMs: number): JobDraft {
  return {
    kind: closeResolvedJobKind,
    payload: { conversationId },
    runAt: new Date(resolvedAt.getTime() + afterMs),
    // One job per resolution: a conversation resolved, reopened and resolved again within the
    // grace period needs the second job, which a per-conversation key would drop as a duplicate.
    key: `${closeResolvedJobKind}:${conversationId}:${resolvedAt.getTime()}`,
  };
}

/**
 * Job handler: close the conversation if it is still resolved and due. The close and the job's
 * completion commit in one transaction, so however often the job runs, it closes once.
 * Returns false when there was nothing to do (reopened meanwhile, already closed, or missing).
 */
export async function closeResolvedConversation(deps: AppDeps, job: ClaimedJob): Promise<boolean> {
  const conversationId = String(job.payload.conversationId ?? '');
  const { events } = await retryOnConflict(async () => {
    const now = deps.clock.now();
    const conversation = await deps.store.getConversation(conversationId);
    if (!conversation) {
      await deps.jobs.complete(job, now);
      return { events: [] };
    }
    const decision = close(conversation, now, deps.settings.autoCloseAfterMs);
    return deps.store.applyDecision(conversation.id, conversation.version, decision, { kind: 'system', id: null }, now, {
      completesJob: job,
    });
  });
  deps.events.publish(events);
  return events.length > 0;
}
