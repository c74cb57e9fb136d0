import type { ConversationEvent } from '../../core/conversations/events.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import { alwaysOpen, type BusinessCalendar } from '../../core/sla/business-hours.ts';
import { clocksAfter, slaEventsDue, timersFor, type SlaChange, type SlaClocks, type SlaTimer } from '../../core/sla/conversation-clocks.ts';
import type { SlaEventPayload } from '../../core/sla/events.ts';
import { selectPolicy, type SlaPolicy } from '../../core/sla/policy.ts';
import type { ClaimedJob, JobDraft } from '../../ports/jobs.ts';
import type { SlaState, SlaStep } from '../../ports/sla.ts';
import type { AppDeps } from '../deps.ts';

export const trackSlaJobKind = 'sla.track';
export const slaTimerJobKind = 'sla.timer';

/** The job that brings a conversation's SLA clocks up to date with its events (one pending per conversation). */
export function trackSlaJob(conversationId: string, now: Date): JobDraft {
  return { kind: trackSlaJobKind, payload: { conversationId }, runAt: now, key: `${trackSlaJobKind}:${conversationId}` };
}

function timerJob(conversationId: string, timer: SlaTimer): JobDraft {
  const at = timer.at.toISOString();
  return {
    kind: slaTimerJobKind,
    payload: { conversationId, metric: timer.metric, kind: timer.kind, at },
    runAt: timer.at,
    key: `${slaTimerJobKind}:${conversationId}:${timer.metric}:${timer.kind}:${at}`,
  };
}

/** A committed event as the SLA reducer reads it; null for events that move no clock. */
function changeOf(event: ConversationEvent): SlaChange | null {
  const { payload } = event;
  switch (payload.type) {
    case 'conversation.created':
      return { type: 'status_changed', from: null, to: payload.conversation.state };
    case 'conversation.status_changed':
      return { type: 'status_changed', from: payload.from, to: payload.to };
    case 'conversation.message_posted':
      return { type: 'message_posted', authorKind: payload.authorKind, visibility: payload.visibility };
    default:
      return null;
  }
}

/**
 * The SLA step, pure: read the unread events in commit order, then see which warnings and
 * breaches are due at `now`, and schedule a timer for every instant a running clock will cross.
 */
export function slaStep(state: SlaState, policy: SlaPolicy | null, calendar: BusinessCalendar, now: Date): SlaStep {
  let clocks: SlaClocks = state.clocks;
  const events: SlaEventPayload[] = [];
  for (const event of state.unread) {
    const change = changeOf(event);
    if (!change) continue;
    const decided = clocksAfter(clocks, change, event.occurredAt, policy, calendar);
    clocks = decided.clocks;
    events.push(...decided.events);
  }
  const due = slaEventsDue(clocks, now, calendar);
  events.push(...due.events);
  const jobs = timersFor(due.clocks, calendar)
    .filter((timer) => timer.at.getTime() > now.getTime())
    .map((timer) => timerJob(state.conversation.id, timer));
  return { clocks: due.clocks, events, jobs };
}

/** The team calendar of the conversation's department: the first team serving it, else 24/7. */
export async function calendarFor(deps: Pick<AppDeps, 'routing'>, conversation: Pick<Conversation, 'department'>): Promise<BusinessCalendar> {
  const team = (await deps.routing.listTeams()).find((t) => t.department === conversation.department);
  return team?.calendar ?? alwaysOpen;
}

/**
 * Job handler for both SLA jobs: a conversation changed (`sla.track`) or a clock may have crossed
 * its warning or due instant (`sla.timer`). Either way the clocks catch up with the event log and
 * the clock of `now`; the job completes in the same transaction, so a step is taken once.
 */
export async function advanceSla(deps: AppDeps, job: ClaimedJob): Promise<void> {
  const conversationId = String(job.payload.conversationId ?? '');
  const conversation = await deps.store.getConversation(conversationId);
  if (!conversation) {
    await deps.sla.advance(conversationId, (state) => ({ clocks: state.clocks, events: [], jobs: [] }), deps.clock.now(), job);
    return;
  }
  const [policies, calendar] = await Promise.all([deps.sla.listPolicies(), calendarFor(deps, conversation)]);
  const now = deps.clock.now();
  const events = await deps.sla.advance(
    conversationId,
    (state) => slaStep(state, selectPolicy(policies, state.conversation), calendar, now),
    now,
    job,
  );
  deps.events.publish(events);
}
