/** Routing test data: an agent and a queued conversation with plain defaults, overridden per test. */
import type { Language } from '../../../src/core/conversations/types.ts';
import type { LanguageSkill, Proficiency, QueuedConversation, RoutingAgent } from '../../../src/core/routing/index.ts';

/** An online tier-1 general agent, native English, two free slots. */
export function agent(id: string, overrides: Partial<RoutingAgent> = {}): RoutingAgent {
  return {
    id,
    departments: ['general'],
    languages: [{ language: 'en', proficiency: 'native' }],
    tier: 'tier1',
    capacity: 2,
    presence: 'online',
    load: 0,
    lastAssignedAt: null,
    isLead: false,
    ...overrides,
  };
}

/** A normal-priority English general conversation queued at 0 needing tier 1. */
export function queued(id: string, overrides: Partial<QueuedConversation> = {}): QueuedConversation {
  return {
    id,
    department: 'general',
    language: 'en',
    priority: 'normal',
    customerTier: null,
    queuedAt: 0,
    minTier: 'tier1',
    ...overrides,
  };
}

/** `speaks('ru', 'native', 'en', 'fluent')` → the language skills of an agent. */
export function speaks(...pairs: (Language | Proficiency)[]): LanguageSkill[] {
  const skills: LanguageSkill[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    skills.push({ language: pairs[i] as Language, proficiency: pairs[i + 1] as Proficiency });
  }
  return skills;
}
