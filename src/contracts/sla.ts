/** Schemas of SLA policies and a conversation's SLA clocks at the API edge. */
import { z } from 'zod';
import { channels, departments, priorities } from '../core/conversations/types.ts';
import { slaMetrics } from '../core/sla/policy.ts';
import { storableText, storableTextMessage } from './common.ts';

const target = z.number().nullable().describe('business-time milliseconds, or null for no target');

/** What an admin sends; the core checks the meaning (positive, not contradictory) and answers 400 with every problem. */
export const slaPolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).refine(storableText, storableTextMessage),
  match: z
    .strictObject({
      priorities: z.array(z.enum(priorities)).optional(),
      departments: z.array(z.enum(departments)).optional(),
      channels: z.array(z.enum(channels)).optional(),
    })
    .default({}),
  targets: z.strictObject({ firstResponseMs: target, nextResponseMs: target, resolutionMs: target }),
  warnAtFraction: z.number().default(0.75),
  escalateOnBreach: z.boolean().default(false),
});

export const slaPolicyDto = z
  .object({
    id: z.string(),
    name: z.string(),
    match: z.object({
      priorities: z.array(z.enum(priorities)).optional(),
      departments: z.array(z.enum(departments)).optional(),
      channels: z.array(z.enum(channels)).optional(),
    }),
    targets: z.object({ firstResponseMs: z.number().nullable(), nextResponseMs: z.number().nullable(), resolutionMs: z.number().nullable() }),
    warnAtFraction: z.number(),
    escalateOnBreach: z.boolean(),
  })
  .meta({ id: 'SlaPolicy' });
export const slaPolicyReply = z.object({ policy: slaPolicyDto });
export const slaPoliciesReply = z.object({ policies: z.array(slaPolicyDto) });

export const slaClockDto = z
  .object({
    metric: z.enum(slaMetrics),
    state: z.enum(['running', 'paused', 'met', 'breached']),
    targetMs: z.number(),
    elapsedMs: z.number(),
    remainingMs: z.number(),
    dueAt: z.string().nullable().describe('null while paused or stopped'),
    warning: z.boolean(),
    policyId: z.string().nullable(),
  })
  .meta({ id: 'SlaClock' });
export const conversationSlaReply = z.object({ clocks: z.array(slaClockDto) });

export const toughCaseDto = z
  .object({
    conversationId: z.string(),
    subject: z.string(),
    state: z.string(),
    department: z.enum(departments),
    language: z.string(),
    priority: z.enum(priorities),
    assigneeId: z.string().nullable(),
    ageSeconds: z.number().int(),
    reasons: z.array(z.enum(['sla_breached', 'escalated', 'waiting_internal'])),
    nextStep: z.string().describe('what has to happen next, in words'),
  })
  .meta({ id: 'ToughCase' });
export const toughCasesQuery = z.strictObject({
  sort: z.enum(['age', 'priority']).default('age'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const toughCasesReply = z.object({ cases: z.array(toughCaseDto) });
