/**
 * SLA policies: how fast the team promises to answer and to resolve, for which conversations.
 * A policy matches by priority, department and channel; the most specific match applies.
 */
import { DomainError } from '../errors.ts';
import {
  channels,
  departments,
  priorities,
  type Channel,
  type Department,
  type Priority,
} from '../conversations/types.ts';

/** Every SLA metric, in the order clocks are listed and reported. */
export const slaMetrics = ['first_response', 'next_response', 'resolution'] as const;
/** What an SLA clock measures: the first agent reply, each later reply, or resolution. */
export type SlaMetric = (typeof slaMetrics)[number];

/** Target durations in business-time milliseconds; null when the policy sets no target. */
export interface SlaTargets {
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
}

/** Which conversations a policy covers; a dimension left out matches every value. */
export interface SlaPolicyMatch {
  priorities?: Priority[];
  departments?: Department[];
  channels?: Channel[];
}

/** An SLA policy as an admin configures it. */
export interface SlaPolicy {
  id: string;
  name: string;
  match: SlaPolicyMatch;
  targets: SlaTargets;
  /** Share of a target after which a warning is raised, strictly between 0 and 1. */
  warnAtFraction: number;
  /** Whether a breach escalates the conversation automatically. */
  escalateOnBreach: boolean;
}

/** The share of a target at which a warning is raised unless the policy says otherwise. */
export const defaultWarnAtFraction = 0.75;

/** The traits of a conversation that select its policy. */
export interface SlaSubject {
  priority: Priority;
  department: Department;
  channel: Channel;
}

const targetKeys = {
  first_response: 'firstResponseMs',
  next_response: 'nextResponseMs',
  resolution: 'resolutionMs',
} as const satisfies Record<SlaMetric, keyof SlaTargets>;

/** The policy's target for one metric, or null when it sets none. */
export function targetFor(policy: SlaPolicy, metric: SlaMetric): number | null {
  return policy.targets[targetKeys[metric]];
}

/** A duration as a support lead reads it: `90 min`, `4 h`, `1 h 30 min`, `2 d 4 h`. */
export function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return ms < 60_000 ? `${ms} ms` : `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days && `${days} d`, hours && `${hours} h`, rest && `${rest} min`].filter(Boolean).join(' ');
}

function targetProblems(targets: SlaTargets): string[] {
  const problems: string[] = [];
  for (const key of Object.values(targetKeys)) {
    const value = targets[key];
    if (value !== null && !(Number.isInteger(value) && value > 0)) {
      problems.push(`${key} must be a whole number of milliseconds above 0, or null for no target (got ${value})`);
    }
  }
  const valid = (value: number | null): value is number => value !== null && Number.isInteger(value) && value > 0;
  const { firstResponseMs, nextResponseMs, resolutionMs } = targets;
  if (firstResponseMs === null && nextResponseMs === null && resolutionMs === null) {
    problems.push('a policy needs at least one target');
  }
  if (valid(resolutionMs) && valid(firstResponseMs) && firstResponseMs > resolutionMs) {
    problems.push(`the first-response target (${describeDuration(firstResponseMs)}) is longer than the resolution target (${describeDuration(resolutionMs)})`);
  }
  if (valid(resolutionMs) && valid(nextResponseMs) && nextResponseMs > resolutionMs) {
    problems.push(`the next-response target (${describeDuration(nextResponseMs)}) is longer than the resolution target (${describeDuration(resolutionMs)})`);
  }
  return problems;
}

function matchProblems<T extends string>(name: string, values: readonly T[] | undefined, known: readonly T[]): string[] {
  if (values === undefined) return [];
  if (values.length === 0) return [`match.${name} is empty: leave it out to match every value`];
  return values.filter((value) => !known.includes(value)).map((value) => `match.${name}: unknown value "${value}"`);
}

/** Everything wrong with a policy, in words an admin can act on; empty when it is valid. */
export function validatePolicy(policy: SlaPolicy): string[] {
  const problems: string[] = [];
  if (policy.id.trim() === '') problems.push('id is required');
  if (policy.name.trim() === '') problems.push('name is required');
  problems.push(
    ...matchProblems('priorities', policy.match.priorities, priorities),
    ...matchProblems('departments', policy.match.departments, departments),
    ...matchProblems('channels', policy.match.channels, channels),
    ...targetProblems(policy.targets),
  );
  const fraction = policy.warnAtFraction;
  if (!(Number.isFinite(fraction) && fraction > 0 && fraction < 1)) {
    problems.push(`warnAtFraction must be between 0 and 1, exclusive (got ${fraction}); 0.75 warns at three quarters`);
  }
  return problems;
}

/** Throws a `validation_failed` DomainError (400) listing the problems when the policy is invalid. */
export function assertValidPolicy(policy: SlaPolicy): void {
  const problems = validatePolicy(policy);
  if (problems.length > 0) {
    throw new DomainError('validation_failed', `Invalid SLA policy: ${problems.join('; ')}`, { problems });
  }
}

/** How many dimensions the policy names and the subject matches; null when it does not match. */
function specificity(policy: SlaPolicy, subject: SlaSubject): number | null {
  const dimensions = [
    [policy.match.priorities, subject.priority],
    [policy.match.departments, subject.department],
    [policy.match.channels, subject.channel],
  ] as const;
  let named = 0;
  for (const [values, value] of dimensions) {
    if (values === undefined) continue;
    if (!(values as readonly string[]).includes(value)) return null;
    named += 1;
  }
  return named;
}

/**
 * The policy for a conversation: among those that match, the one naming the most dimensions;
 * on a tie the earlier in the list. Null when none matches.
 */
export function selectPolicy(policies: readonly SlaPolicy[], subject: SlaSubject): SlaPolicy | null {
  let best: SlaPolicy | null = null;
  let bestScore = -1;
  for (const policy of policies) {
    const score = specificity(policy, subject);
    if (score !== null && score > bestScore) {
      best = policy;
      bestScore = score;
    }
  }
  return best;
}
