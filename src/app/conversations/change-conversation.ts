import type { Decision } from '../../core/conversations/lifecycle.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { JobDraft } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, loadConversationFor, requirePermission, retryOnConflict } from './access.ts';

/**
 * The shape every agent action on a conversation shares: load what the agent may see, let the
 * core decide on the current state, commit state + events (+ jobs) together, publish after commit.
 */
export async function changeConversation(
  deps: AppDeps,
  principal: Principal,
  conversationId: string,
  decide: (conversation: Conversation, now: Date) => Decision | Promise<Decision>,
  jobsFor: (conversation: Conversation, now: Date) => JobDraft[] = () => [],
): Promise<Conversation> {
  requirePermission(principal, 'conversation.work');
  const { conversation, events } = await retryOnConflict(async () => {
    const current = await loadConversationFor(deps, principal, conversationId);
    const now = deps.clock.now();
    const decision = await decide(current, now);
    if (decision.events.length === 0) return { conversation: current, events: [] };
    return deps.store.applyDecision(current.id, current.version, decision, actorOf(principal), now, {
      jobs: jobsFor(current, now),
    });
  });
  deps.events.publish(events);
  return conversation;
}
