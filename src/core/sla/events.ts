import type { SlaMetric } from './policy.ts';

/** Event names of the SLA area: `<area>.<past_tense>`, one constant each. */
export const slaEvents = {
  warningReached: 'sla.warning_reached',
  breached: 'sla.breached',
  met: 'sla.met',
} as const;

/** The name of an SLA event. */
export type SlaEventType = (typeof slaEvents)[keyof typeof slaEvents];

/** What every SLA event says about its clock. Instants are epoch milliseconds, as in clock state. */
export interface SlaMeasure {
  metric: SlaMetric;
  /** The policy the clock was started under; null for a clock started without one. */
  policyId: string | null;
  targetMs: number;
  /** When the target runs (or ran) out; null when the clock was paused at the time. */
  dueAt: number | null;
  /** Business time counted on the clock when the event was decided. */
  elapsedMs: number;
}

/** The payload of each SLA event, as one typed union. */
export type SlaEventPayload =
  | ({ type: 'sla.warning_reached' } & SlaMeasure)
  | ({
      type: 'sla.breached';
      /** The policy asks for automatic escalation on breach. */
      escalate: boolean;
    } & SlaMeasure)
  | ({ type: 'sla.met' } & SlaMeasure);
