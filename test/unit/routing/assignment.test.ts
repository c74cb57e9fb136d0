import { describe, expect, it } from 'vitest';
import {
  chooseAgent,
  firstAssignment,
  nextForAgent,
  routingPolicyOf,
  urgentNobodyAvailable,
} from '../../../src/core/routing/index.ts';
import { agent, queued, speaks } from './factories.ts';

const policy = routingPolicyOf({ tierBoostSeconds: { vip: 120 } });
const SECOND = 1000;

describe('chooseAgent: skill and language', () => {
  it('a Russian withdrawal case goes to the Russian-speaking withdrawals agent', () => {
    const agents = [
      agent('anna', { departments: ['deposits'], languages: speaks('ru', 'native') }),
      agent('boris', { departments: ['withdrawals'], languages: speaks('en', 'native') }),
      agent('vera', { departments: ['withdrawals'], languages: speaks('ru', 'native', 'en', 'fluent') }),
    ];
    const withdrawal = queued('w1', { department: 'withdrawals', language: 'ru' });
    expect(chooseAgent(withdrawal, agents, policy, 0)).toEqual({ agentId: 'vera', match: 'proficient' });
  });

  it('after 60 s with no Vietnamese agent, a Vietnamese case goes to a basic-Vietnamese agent', () => {
    const agents = [agent('minh', { departments: ['deposits'], languages: speaks('vi', 'basic', 'en', 'native') })];
    const deposit = queued('d1', { department: 'deposits', language: 'vi', queuedAt: 0 });
    expect(chooseAgent(deposit, agents, policy, 59 * SECOND)).toBeNull();
    expect(chooseAgent(deposit, agents, policy, 60 * SECOND)).toEqual({ agentId: 'minh', match: 'lower_proficiency' });
  });

  it('after 180 s, a Vietnamese case goes to an English agent of the department, flagged', () => {
    const agents = [
      agent('emma', { departments: ['deposits'], languages: speaks('en', 'native') }),
      agent('otto', { departments: ['trading'], languages: speaks('en', 'native') }),
    ];
    const deposit = queued('d1', { department: 'deposits', language: 'vi', queuedAt: 0 });
    expect(chooseAgent(deposit, agents, policy, 179 * SECOND)).toBeNull();
    expect(chooseAgent(deposit, agents, policy, 180 * SECOND)).toEqual({
      agentId: 'emma',
      match: 'english_fallback',
      flag: { customerLanguage: 'vi' },
    });
  });

  it('prefers a speaker of the language over English fallback, even when busier', () => {
    const agents = [
      agent('emma', { departments: ['deposits'], languages: speaks('en', 'native'), capacity: 4 }),
      agent('lan', { departments: ['deposits'], languages: speaks('vi', 'basic'), capacity: 4, load: 3 }),
    ];
    const deposit = queued('d1', { department: 'deposits', language: 'vi' });
    expect(chooseAgent(deposit, agents, policy, 600 * SECOND)?.agentId).toBe('lan');
  });

  it('follows a queue’s own overflow rule', () => {
    const strict = routingPolicyOf({ overflowByQueue: { 'security:vi': { lowerProficiencyAfterMs: null, englishAfterMs: 30 * SECOND } } });
    const agents = [
      agent('lan', { departments: ['security'], languages: speaks('vi', 'basic') }),
      agent('emma', { departments: ['security'], languages: speaks('en', 'fluent') }),
    ];
    const case1 = queued('s1', { department: 'security', language: 'vi' });
    expect(chooseAgent(case1, agents, strict, 30 * SECOND)).toMatchObject({ agentId: 'emma', match: 'english_fallback' });
  });
});

describe('chooseAgent: availability', () => {
  it('never assigns to an offline or away agent, nor beyond capacity', () => {
    const agents = [
      agent('off', { presence: 'offline' }),
      agent('away', { presence: 'away' }),
      agent('full', { load: 2, capacity: 2 }),
      agent('none', { capacity: 0 }),
    ];
    expect(chooseAgent(queued('g1'), agents, policy, 0)).toBeNull();
  });

  it('a senior escalation waits for a senior agent', () => {
    const agents = [agent('t1', { departments: ['security'] }), agent('t2', { departments: ['security'], tier: 'tier2' })];
    const escalated = queued('s1', { department: 'security', minTier: 'senior' });
    expect(chooseAgent(escalated, agents, policy, 0)).toBeNull();
    expect(chooseAgent(escalated, [...agents, agent('sr', { departments: ['security'], tier: 'senior' })], policy, 0)?.agentId).toBe('sr');
  });
});

describe('chooseAgent: load and fairness', () => {
  it('gives the conversation to the least loaded agent relative to capacity', () => {
    const agents = [agent('a', { capacity: 2, load: 1 }), agent('b', { capacity: 6, load: 2 })];
    expect(chooseAgent(queued('g1'), agents, policy, 0)?.agentId).toBe('b');
  });

  it('among equals, takes turns: never assigned first, then the longest since the last assignment', () => {
    const agents = [agent('a', { lastAssignedAt: 500 }), agent('b', { lastAssignedAt: 100 }), agent('c', { lastAssignedAt: 900 })];
    expect(chooseAgent(queued('g1'), agents, policy, 0)?.agentId).toBe('b');
    expect(chooseAgent(queued('g1'), [...agents, agent('d')], policy, 0)?.agentId).toBe('d');
  });
});

describe('pull and push order', () => {
  it('take next gives the agent the most urgent conversation they can serve', () => {
    const me = agent('me', { departments: ['deposits', 'withdrawals'], languages: speaks('en', 'native') });
    const waiting = [
      queued('old-normal', { department: 'deposits', queuedAt: 0 }),
      queued('urgent-other-dept', { department: 'security', priority: 'urgent' }),
      queued('new-urgent', { department: 'withdrawals', priority: 'urgent', queuedAt: 50 * SECOND }),
    ];
    expect(nextForAgent(me, waiting, policy, 60 * SECOND)?.id).toBe('new-urgent');
  });

  it('a VIP customer is served as if they had waited two minutes longer', () => {
    const waiting = [queued('regular', { queuedAt: 0 }), queued('vip', { customerTier: 'vip', queuedAt: 100 * SECOND })];
    expect(firstAssignment(waiting, [agent('a')], policy, 200 * SECOND)?.conversationId).toBe('vip');
  });

  it('urgent goes first to an agent who fits both an urgent and a normal case', () => {
    const waiting = [queued('normal', { queuedAt: 0 }), queued('urgent', { priority: 'urgent', queuedAt: 300 * SECOND })];
    expect(firstAssignment(waiting, [agent('a', { capacity: 1 })], policy, 300 * SECOND)).toEqual({
      conversationId: 'urgent',
      agentId: 'a',
      match: 'proficient',
    });
  });
});

describe('urgentNobodyAvailable', () => {
  const compromised = queued('s1', { department: 'security', priority: 'urgent', language: 'ko' });
  const leads = [
    agent('lead-b', { isLead: true, departments: ['kyc'] }),
    agent('lead-a', { isLead: true, departments: ['general'], load: 2 }),
    agent('lead-away', { isLead: true, presence: 'away' }),
  ];

  it('alerts every online lead when no one may take an urgent security conversation', () => {
    expect(urgentNobodyAvailable(compromised, leads, policy, 0)).toEqual(['lead-a', 'lead-b']);
  });

  it('alerts nobody when someone can take it, or when it is not urgent security', () => {
    const korean = agent('ji', { departments: ['security'], languages: speaks('ko', 'native') });
    expect(urgentNobodyAvailable(compromised, [...leads, korean], policy, 0)).toEqual([]);
    expect(urgentNobodyAvailable({ ...compromised, priority: 'high' }, leads, policy, 0)).toEqual([]);
    expect(urgentNobodyAvailable({ ...compromised, department: 'account' }, leads, policy, 0)).toEqual([]);
  });
});
