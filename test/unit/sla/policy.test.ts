/** SLA policies: what validation refuses and which policy a conversation gets. */
import { describe, expect, it } from 'vitest';
import {
  assertValidPolicy,
  describeDuration,
  selectPolicy,
  targetFor,
  validatePolicy,
  type SlaPolicy,
} from '../../../src/core/sla/policy.ts';
import { HOUR, MINUTE } from './calendars.ts';

function policy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id: 'standard',
    name: 'Standard',
    match: {},
    targets: { firstResponseMs: HOUR, nextResponseMs: 2 * HOUR, resolutionMs: 24 * HOUR },
    warnAtFraction: 0.75,
    escalateOnBreach: false,
    ...overrides,
  };
}

describe('validatePolicy', () => {
  it('accepts a sensible policy and one with a single target', () => {
    expect(validatePolicy(policy())).toEqual([]);
    expect(validatePolicy(policy({ targets: { firstResponseMs: 15 * MINUTE, nextResponseMs: null, resolutionMs: null } }))).toEqual([]);
  });

  it('refuses negative, zero, fractional and non-finite targets', () => {
    const problems = validatePolicy(policy({ targets: { firstResponseMs: -1, nextResponseMs: 0, resolutionMs: Number.POSITIVE_INFINITY } }));
    expect(problems).toEqual([
      'firstResponseMs must be a whole number of milliseconds above 0, or null for no target (got -1)',
      'nextResponseMs must be a whole number of milliseconds above 0, or null for no target (got 0)',
      'resolutionMs must be a whole number of milliseconds above 0, or null for no target (got Infinity)',
    ]);
    expect(validatePolicy(policy({ targets: { firstResponseMs: 1.5, nextResponseMs: null, resolutionMs: Number.NaN } }))).toHaveLength(2);
  });

  it('refuses a policy without any target', () => {
    expect(validatePolicy(policy({ targets: { firstResponseMs: null, nextResponseMs: null, resolutionMs: null } }))).toEqual([
      'a policy needs at least one target',
    ]);
  });

  it('refuses response targets longer than the resolution target, and says by how much', () => {
    const problems = validatePolicy(policy({ targets: { firstResponseMs: 5 * HOUR, nextResponseMs: 4 * HOUR + 30 * MINUTE, resolutionMs: 4 * HOUR } }));
    expect(problems).toEqual([
      'the first-response target (5 h) is longer than the resolution target (4 h)',
      'the next-response target (4 h 30 min) is longer than the resolution target (4 h)',
    ]);
    // Equal is allowed: answering and solving in one reply is a fair promise.
    expect(validatePolicy(policy({ targets: { firstResponseMs: 4 * HOUR, nextResponseMs: 4 * HOUR, resolutionMs: 4 * HOUR } }))).toEqual([]);
  });

  it('keeps warnAtFraction strictly between 0 and 1', () => {
    for (const warnAtFraction of [0, 1, -0.5, 1.2, Number.NaN]) {
      expect(validatePolicy(policy({ warnAtFraction }))).toEqual([
        `warnAtFraction must be between 0 and 1, exclusive (got ${warnAtFraction}); 0.75 warns at three quarters`,
      ]);
    }
    expect(validatePolicy(policy({ warnAtFraction: 0.5 }))).toEqual([]);
  });

  it('refuses empty match lists, unknown values and a missing name', () => {
    const problems = validatePolicy(policy({
      name: '  ',
      match: { priorities: [], departments: ['withdrawals', 'lunar' as never], channels: [] },
    }));
    expect(problems).toEqual([
      'name is required',
      'match.priorities is empty: leave it out to match every value',
      'match.departments: unknown value "lunar"',
      'match.channels is empty: leave it out to match every value',
    ]);
  });

  it('turns problems into a 400 validation_failed error', () => {
    expect(() => assertValidPolicy(policy({ targets: { firstResponseMs: -5, nextResponseMs: null, resolutionMs: null } }))).toThrow(
      expect.objectContaining({ code: 'validation_failed', status: 400, message: expect.stringContaining('firstResponseMs must be') }),
    );
    expect(() => assertValidPolicy(policy())).not.toThrow();
  });
});

describe('selectPolicy', () => {
  const catchAll = policy({ id: 'catch-all' });
  const urgent = policy({ id: 'urgent', match: { priorities: ['urgent'] } });
  const urgentSecurity = policy({ id: 'urgent-security', match: { priorities: ['urgent', 'high'], departments: ['security'] } });
  const securityEmail = policy({ id: 'security-email', match: { departments: ['security'], channels: ['email'] } });
  const email = policy({ id: 'email', match: { channels: ['email'] } });
  const policies = [catchAll, urgent, urgentSecurity, securityEmail, email];

  it('picks the policy that names the most matching dimensions', () => {
    expect(selectPolicy(policies, { priority: 'urgent', department: 'security', channel: 'webchat' })?.id).toBe('urgent-security');
    expect(selectPolicy(policies, { priority: 'urgent', department: 'deposits', channel: 'webchat' })?.id).toBe('urgent');
    expect(selectPolicy(policies, { priority: 'normal', department: 'deposits', channel: 'email' })?.id).toBe('email');
    expect(selectPolicy(policies, { priority: 'low', department: 'kyc', channel: 'telegram' })?.id).toBe('catch-all');
  });

  it('breaks ties by list order', () => {
    // urgent-security and security-email both name two matching dimensions; the earlier wins.
    expect(selectPolicy(policies, { priority: 'urgent', department: 'security', channel: 'email' })?.id).toBe('urgent-security');
    expect(selectPolicy([securityEmail, urgentSecurity], { priority: 'urgent', department: 'security', channel: 'email' })?.id)
      .toBe('security-email');
  });

  it('never picks a policy whose named dimension does not match, and is null when none does', () => {
    expect(selectPolicy([urgent, email], { priority: 'low', department: 'kyc', channel: 'webchat' })).toBeNull();
    expect(selectPolicy([], { priority: 'low', department: 'kyc', channel: 'webchat' })).toBeNull();
  });
});

describe('targets', () => {
  it('reads the target of each metric', () => {
    const p = policy();
    expect([targetFor(p, 'first_response'), targetFor(p, 'next_response'), targetFor(p, 'resolution')]).toEqual([HOUR, 2 * HOUR, 24 * HOUR]);
  });

  it('describes durations as a support lead reads them', () => {
    expect(describeDuration(500)).toBe('500 ms');
    expect(describeDuration(45 * MINUTE)).toBe('45 min');
    expect(describeDuration(90 * MINUTE)).toBe('1 h 30 min');
    expect(describeDuration(52 * HOUR)).toBe('2 d 4 h');
  });
});
