import { describe, expect, it } from 'vitest';
import { AgentPools, departmentIndex, languageIndex, PROFICIENT } from '../../../src/core/routing/agent-pools.ts';
import { agent } from './factories.ts';

const withdrawals = departmentIndex('withdrawals');
const english = languageIndex('en');

describe('AgentPools', () => {
  it('holds only available agents, and knows at once when a department has none', () => {
    const pools = new AgentPools();
    pools.set(agent('a', { departments: ['withdrawals'], capacity: 1 }));
    expect(pools.hasAvailableIn(withdrawals)).toBe(true);
    expect(pools.best(withdrawals, english, PROFICIENT, 0)?.id).toBe('a');

    pools.recordAssignment('a', 1_000);
    expect(pools.hasAvailableIn(withdrawals)).toBe(false);
    expect(pools.any(withdrawals, english, PROFICIENT, 0)).toBe(false);

    pools.set(agent('a', { departments: ['withdrawals'], capacity: 2, load: 1 }));
    expect(pools.hasAvailableIn(withdrawals)).toBe(true);
    pools.set(agent('a', { departments: ['withdrawals'], presence: 'away' }));
    expect(pools.hasAvailableIn(withdrawals)).toBe(false);
    pools.set(agent('a', { departments: ['withdrawals'] }));
    expect(pools.delete('a')).toBe(true);
    expect(pools.hasAvailableIn(withdrawals)).toBe(false);
    expect(pools.size).toBe(0);
  });

  it('reads tiers from the one asked for upwards', () => {
    const pools = new AgentPools();
    pools.set(agent('t1', { departments: ['withdrawals'] }));
    pools.set(agent('senior', { departments: ['withdrawals'], tier: 'senior', load: 1 }));
    expect(pools.best(withdrawals, english, PROFICIENT, 0)?.id).toBe('t1');
    expect(pools.best(withdrawals, english, PROFICIENT, 1)?.id).toBe('senior');
  });
});
