/** Schemas of routing at the API edge: teams, agents' skills, presence, take-next, queue position. */
import { z } from 'zod';
import { presenceStatuses } from '../core/conversations/signals.ts';
import { departments, languages } from '../core/conversations/types.ts';
import { DEFAULT_INVESTIGATION_HOURS, investigationStates, MAX_INVESTIGATION_HOURS } from '../core/routing/investigation.ts';
import { assignmentModes, MAX_CAPACITY, proficiencies, tiers } from '../core/routing/organisation.ts';
import { storableText, storableTextMessage, uuid } from './common.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');
const interval = z.strictObject({ start: hhmm, end: hhmm });
/** A weekday's opening intervals; a day left out is closed. */
const dayHours = z.array(interval).max(6).readonly().default([]);

export const businessCalendar = z
  .strictObject({
    timeZone: z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Berlin'),
    weekly: z
      .union([
        z.literal('always'),
        z.strictObject({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
      ])
      .describe("'always' (24/7) or open intervals per weekday (HH:MM local time; a day left out is closed)"),
    holidays: z.array(z.iso.date()).max(400).readonly().default([]).describe('local dates closed all day'),
  })
  .meta({ id: 'BusinessCalendar' });

export const teamBody = z.strictObject({
  name: z.string().trim().min(1).max(100).refine(storableText, storableTextMessage),
  department: z.enum(departments),
  calendar: businessCalendar.default({ timeZone: 'UTC', weekly: 'always', holidays: [] }),
  assignment: z.enum(assignmentModes).default('push'),
});

export const teamDto = z
  .object({
    id: z.string(),
    name: z.string(),
    department: z.enum(departments),
    calendar: businessCalendar,
    assignment: z.enum(assignmentModes),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Team' });
export const teamReply = z.object({ team: teamDto });
export const teamsReply = z.object({ teams: z.array(teamDto) });
export const idParams = z.strictObject({ id: z.string().max(100) });

export const agentSkillsBody = z.strictObject({
  teamId: uuid.nullable().default(null),
  departments: z.array(z.enum(departments)).min(1).max(departments.length),
  languages: z.array(z.strictObject({ language: z.enum(languages), proficiency: z.enum(proficiencies) })).min(1).max(languages.length),
  tier: z.enum(tiers),
  capacity: z.number().int().min(0).max(MAX_CAPACITY),
});

export const agentWorkloadDto = z
  .object({
    agentId: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    departments: z.array(z.enum(departments)),
    languages: z.array(z.object({ language: z.enum(languages), proficiency: z.enum(proficiencies) })),
    tier: z.enum(tiers),
    capacity: z.number().int(),
    presence: z.enum(presenceStatuses),
    presenceChangedAt: z.string(),
    lastAssignedAt: z.string().nullable(),
    load: z.number().int().describe('open conversations assigned now'),
    isLead: z.boolean(),
  })
  .meta({ id: 'AgentWorkload' });
export const agentWorkloadReply = z.object({ agent: agentWorkloadDto });
export const agentWorkloadsReply = z.object({ agents: z.array(agentWorkloadDto) });
export const agentsQuery = z.strictObject({ department: z.enum(departments).optional(), language: z.enum(languages).optional() });

export const presenceBody = z.strictObject({ status: z.enum(presenceStatuses) });

export const queuePositionDto = z
  .object({
    state: z.string(),
    position: z.number().int().nullable().describe('1 = next; null when not waiting in a queue'),
    waiting: z.number().int().nullable(),
    estimatedWaitSeconds: z.number().int().nullable().describe("from the queue's recent service rate; null when unknown"),
  })
  .meta({ id: 'QueuePosition' });

export const escalateBody = z.strictObject({
  to: z.enum(['tier2', 'senior']),
  department: z.enum(departments).optional().describe("another department's team of that tier, e.g. security"),
  reason: z.string().trim().min(1).max(500).refine(storableText, storableTextMessage),
});

export const investigationBody = z.strictObject({
  department: z.enum(departments),
  title: z.string().trim().min(1).max(200).refine(storableText, storableTextMessage),
  details: z.string().trim().max(5000).refine(storableText, storableTextMessage).default(''),
  dueInHours: z.number().positive().max(MAX_INVESTIGATION_HOURS).default(DEFAULT_INVESTIGATION_HOURS),
});
export const resolveInvestigationBody = z.strictObject({
  resolution: z.string().trim().min(1).max(5000).refine(storableText, storableTextMessage),
});
export const investigationsQuery = z.strictObject({
  department: z.enum(departments).optional(),
  state: z.enum(investigationStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const investigationDto = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    department: z.enum(departments),
    title: z.string(),
    details: z.string(),
    state: z.enum(investigationStates),
    openedBy: z.string(),
    ownerId: z.string().nullable(),
    dueAt: z.string(),
    resolution: z.string().nullable(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Investigation' });
export const investigationReply = z.object({ investigation: investigationDto });
export const investigationsReply = z.object({ investigations: z.array(investigationDto) });
