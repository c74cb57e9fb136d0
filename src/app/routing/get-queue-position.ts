import type { Principal } from '../../core/identity/roles.ts';
import { estimateWaitSeconds, SERVICE_RATE_WINDOW_MS } from '../../core/routing/wait-estimate.ts';
import { loadConversationFor } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

export interface QueuePosition {
  state: string;
  /** 1 = next; null when the conversation is not waiting in a queue. */
  position: number | null;
  waiting: number | null;
  estimatedWaitSeconds: number | null;
}

/** Where a waiting customer stands: their place in the queue and a wait estimate from its recent pace. */
export async function getQueuePosition(deps: Pick<AppDeps, 'store' | 'routing' | 'clock'>, principal: Principal, conversationId: string): Promise<QueuePosition> {
  const conversation = await loadConversationFor(deps, principal, conversationId);
  const place = conversation.state === 'queued' ? await deps.routing.queuePosition(conversation.id) : null;
  if (!place) return { state: conversation.state, position: null, waiting: null, estimatedWaitSeconds: null };
  const since = new Date(deps.clock.now().getTime() - SERVICE_RATE_WINDOW_MS);
  const served = await deps.routing.assignedSince(conversation.department, conversation.language, since);
  return {
    state: conversation.state,
    position: place.ahead + 1,
    waiting: place.waiting,
    estimatedWaitSeconds: estimateWaitSeconds(place.ahead, served),
  };
}
