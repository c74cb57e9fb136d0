import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { dueAt, statusAt } from '../../core/sla/clock.ts';
import { slaMetrics, type SlaMetric } from '../../core/sla/policy.ts';
import { loadConversationFor } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';
import { calendarFor } from './advance-sla.ts';

/** One clock as an agent reads it; `breached` also for a clock still running past its target. */
export interface SlaClockView {
  metric: SlaMetric;
  state: 'running' | 'paused' | 'met' | 'breached';
  targetMs: number;
  elapsedMs: number;
  remainingMs: number;
  dueAt: string | null;
  warning: boolean;
  policyId: string | null;
}

/** A conversation's SLA clocks as they stand now, for the agent working it. */
export async function getConversationSla(deps: Pick<AppDeps, 'store' | 'sla' | 'routing' | 'clock'>, agent: AgentPrincipal, conversationId: string): Promise<SlaClockView[]> {
  const conversation = await loadConversationFor(deps, agent, conversationId);
  const clocks = (await deps.sla.clocksOf(conversation.id)) ?? {};
  const calendar = await calendarFor(deps, conversation);
  const now = deps.clock.now();
  return slaMetrics.flatMap((metric) => {
    const clock = clocks[metric];
    if (!clock) return [];
    const status = statusAt(clock, now, calendar);
    return [{
      metric,
      // A running clock past its target reads as breached: that is what the agent must see.
      state: status.breached ? 'breached' : status.state,
      targetMs: clock.targetMs,
      elapsedMs: status.elapsedMs,
      remainingMs: status.remainingMs,
      dueAt: dueAt(clock, calendar)?.toISOString() ?? null,
      warning: status.warning,
      policyId: clock.policyId,
    }];
  });
}
