import { transfer } from '../../core/conversations/lifecycle.ts';
import type { PresenceStatus, Signal } from '../../core/conversations/signals.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { busSubjects } from '../../ports/bus.ts';
import type { ClaimedJob, JobDraft } from '../../ports/jobs.ts';
import { retryOnConflict } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';
import type { AgentWorkload } from '../../ports/routing.ts';
import { requireWorkload } from './set-agent-skills.ts';

export const offlineIfAwayJobKind = 'routing.offline_if_away';

/**
 * An agent says they are online, away (no new chats) or offline. Going offline hands their open
 * chats back to the queue, so no customer waits on someone who left. Every agent's presence is
 * shown to colleagues; only agents with a routing profile (skills) are given conversations, and
 * for the others this answers null.
 */
export async function setPresence(deps: AppDeps, agent: AgentPrincipal, status: PresenceStatus): Promise<AgentWorkload | null> {
  const profile = await deps.routing.setPresence(agent.agentId, status, deps.clock.now());
  const signal: Signal = { type: 'presence', agentId: agent.agentId, name: agent.name, status };
  await deps.bus.publish(busSubjects.signals, signal);
  if (!profile) return null;
  if (status === 'offline') await requeueOpenConversations(deps, agent.agentId, 'agent_offline');
  deps.dispatcher.wake();
  return requireWorkload(deps, agent.agentId);
}

/**
 * The agent's last socket closed: away at once (no new chats), and offline after a grace period
 * unless they come back. The check is a durable job, so a restart does not forget it.
 */
export async function agentDisconnected(deps: AppDeps, agent: AgentPrincipal): Promise<void> {
  const now = deps.clock.now();
  const profile = await deps.routing.setPresence(agent.agentId, 'away', now);
  // Without a routing profile there is nothing to hand back: colleagues just see them leave.
  const signal: Signal = { type: 'presence', agentId: agent.agentId, name: agent.name, status: profile ? 'away' : 'offline' };
  await deps.bus.publish(busSubjects.signals, signal);
  if (!profile) return;
  await deps.jobs.enqueue(offlineIfAwayJob(agent.agentId, profile.presenceChangedAt, new Date(now.getTime() + deps.settings.awayToOfflineMs)));
}

function offlineIfAwayJob(agentId: string, awaySince: Date, runAt: Date): JobDraft {
  return {
    kind: offlineIfAwayJobKind,
    payload: { agentId, awaySince: awaySince.toISOString() },
    runAt,
    key: `${offlineIfAwayJobKind}:${agentId}:${awaySince.toISOString()}`,
  };
}

/** Job handler: still away since the disconnect? Then offline, and their chats go back to the queue. */
export async function offlineIfAway(deps: AppDeps, job: ClaimedJob): Promise<void> {
  const agentId = String(job.payload.agentId ?? '');
  const awaySince = new Date(String(job.payload.awaySince ?? ''));
  const current = await deps.routing.getAgentWorkload(agentId);
  if (!current || current.presence !== 'away' || current.presenceChangedAt.getTime() !== awaySince.getTime()) return;
  await deps.routing.setPresence(agentId, 'offline', deps.clock.now());
  const signal: Signal = { type: 'presence', agentId, name: current.name, status: 'offline' };
  await deps.bus.publish(busSubjects.signals, signal);
  await requeueOpenConversations(deps, agentId, 'agent_offline');
  deps.dispatcher.wake();
}

/** Put the agent's chats (not those waiting on another department) back in their queues. */
async function requeueOpenConversations(deps: AppDeps, agentId: string, reason: string): Promise<void> {
  for (const open of await deps.routing.openConversationsOf(agentId)) {
    if (open.state === 'waiting_internal') continue;
    const { events } = await retryOnConflict(async () => {
      const conversation = await deps.store.getConversation(open.id);
      if (!conversation || conversation.assigneeId !== agentId || conversation.state === 'waiting_internal') return { events: [] };
      if (conversation.state !== 'assigned' && conversation.state !== 'waiting_customer') return { events: [] };
      const now = deps.clock.now();
      return deps.store.applyDecision(conversation.id, conversation.version, transfer(conversation, {}, reason), { kind: 'system', id: null }, now);
    });
    deps.events.publish(events);
  }
}
