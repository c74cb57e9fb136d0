/** Schemas of the bot's records at the API edge. */
import { z } from 'zod';
import { departments, languages, priorities } from '../core/conversations/types.ts';
import { storableText, storableTextMessage } from './common.ts';

export const handoffDto = z
  .object({
    intent: z.string(),
    confidence: z.number(),
    language: z.enum(languages),
    entities: z.object({
      txHashes: z.array(z.string()),
      addresses: z.array(z.string()),
      chains: z.array(z.string()),
      memos: z.array(z.string()),
      amounts: z.array(z.object({ value: z.string(), asset: z.string() })),
      orderIds: z.array(z.string()),
      emails: z.array(z.string()),
    }),
    tried: z.array(z.string()),
    department: z.enum(departments),
    priority: z.enum(priorities),
    reason: z.enum(['customer_asked', 'not_solved', 'needs_agent', 'unsure', 'urgent']),
    summary: z.string(),
  })
  .meta({ id: 'Handoff' });

export const handoffReply = z.object({ handoff: handoffDto.nullable() });

/** A declared network incident: the chain and what customers are told, per language (English required). */
export const declareIncidentBody = z.strictObject({
  chain: z.string().trim().min(2).max(20).regex(/^[A-Za-z0-9-]+$/, 'a network name such as TRC20 or BTC'),
  message: z
    .partialRecord(z.enum(languages), z.string().trim().min(1).max(500).refine(storableText, storableTextMessage))
    .refine((m): m is typeof m & { en: string } => m.en !== undefined, { message: 'English is required: the fallback for every customer' }),
});
export const incidentReply = z.object({ id: z.string() });
export const incidentParams = z.strictObject({ id: z.string().max(100) });

/** Labelled examples that teach the bot (e.g. an agent's correction of a misread message). */
export const addTrainingExamplesBody = z.strictObject({
  examples: z
    .array(
      z.strictObject({
        text: z.string().trim().min(1).max(1000).refine(storableText, storableTextMessage),
        intent: z.string().regex(/^[a-z][a-z0-9_]*$/, 'an intent id of the catalogue'),
        language: z.enum(languages).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

export const addTrainingExamplesReply = z.object({
  added: z.number().int(),
  skipped: z.number().int().describe('already stored with the same text and intent'),
});
