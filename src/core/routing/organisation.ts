/**
 * Who works where: teams serving a department on their business hours, and agents' skills —
 * departments, languages with proficiency, tier and how many chats they take at once.
 */
import type { PresenceStatus } from '../conversations/signals.ts';
import { departments, languages, type Department, type Language } from '../conversations/types.ts';
import type { BusinessCalendar } from '../sla/business-hours.ts';

/** Tiers in rising order: an escalation to tier 2 or senior raises the conversation's minimum. */
export const tiers = ['tier1', 'tier2', 'senior'] as const;
export type Tier = (typeof tiers)[number];

/** Language proficiency in rising order: overflow reaches lower proficiency after a wait. */
export const proficiencies = ['basic', 'fluent', 'native'] as const;
export type Proficiency = (typeof proficiencies)[number];

/** `push`: the dispatcher assigns; `pull`: agents take the next conversation themselves. */
export const assignmentModes = ['push', 'pull'] as const;
export type AssignmentMode = (typeof assignmentModes)[number];

/** The most chats one agent may be given at once. */
export const MAX_CAPACITY = 50;

export interface LanguageSkill {
  language: Language;
  proficiency: Proficiency;
}

export interface Team {
  id: string;
  name: string;
  department: Department;
  calendar: BusinessCalendar;
  assignment: AssignmentMode;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentProfile {
  agentId: string;
  teamId: string | null;
  departments: Department[];
  languages: LanguageSkill[];
  tier: Tier;
  capacity: number;
  presence: PresenceStatus;
  presenceChangedAt: Date;
  lastAssignedAt: Date | null;
}

/** What an admin sets on an agent (presence and assignment times are the platform's). */
export type AgentSkills = Pick<AgentProfile, 'teamId' | 'departments' | 'languages' | 'tier' | 'capacity'>;

/** True when tier `a` may take what needs tier `b`. */
export const tierAtLeast = (a: Tier, b: Tier): boolean => tiers.indexOf(a) >= tiers.indexOf(b);

/** Problems with an agent's skills, in words an admin can act on; empty when they are fine. */
export function skillProblems(skills: AgentSkills): string[] {
  const problems: string[] = [];
  if (skills.departments.length === 0) problems.push('an agent needs at least one department');
  for (const department of skills.departments) {
    if (!departments.includes(department)) problems.push(`unknown department ${department}`);
  }
  if (new Set(skills.departments).size !== skills.departments.length) problems.push('a department is listed twice');
  if (skills.languages.length === 0) problems.push('an agent needs at least one language');
  const seen = new Set<Language>();
  for (const { language } of skills.languages) {
    if (!languages.includes(language)) problems.push(`unknown language ${language}`);
    if (seen.has(language)) problems.push(`language ${language} is listed twice`);
    seen.add(language);
  }
  if (!Number.isInteger(skills.capacity) || skills.capacity < 0 || skills.capacity > MAX_CAPACITY) {
    problems.push(`capacity must be a whole number from 0 to ${MAX_CAPACITY}`);
  }
  return problems;
}
