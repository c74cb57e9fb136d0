/** Schemas of the bot's records at the API edge. */
import { z } from 'zod';
import { departments, languages, priorities } from '../core/conversations/types.ts';

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
