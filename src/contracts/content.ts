/**
 * Schemas of the files under content/: shipped data, validated when loaded and by a test over
 * every file, so a broken file fails `npm test` rather than a customer's chat.
 */
import { z } from 'zod';
import { botTextKeys } from '../core/bot/texts.ts';
import { departments, languages, priorities } from '../core/conversations/types.ts';

export const intentId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case');

/** content/intents/catalogue.json: the intents the bot knows, the department owning each, its base priority. */
export const intentCatalogueFile = z.strictObject({
  about: z.string(),
  languages: z.array(z.enum(languages)),
  departments: z.record(z.enum(departments), z.string()),
  intents: z
    .array(
      z.strictObject({
        id: intentId,
        department: z.enum(departments),
        priority: z.enum(priorities),
        description: z.string().min(1),
        examples: z.array(z.string().min(1)),
      }),
    )
    .min(1),
});
export type IntentCatalogueFile = z.infer<typeof intentCatalogueFile>;

/**
 * content/intents/<language>.json: training phrases per intent, written the way exchange customers
 * write in that language (informal, with typos, coin tickers and network names).
 */
export const intentTrainingFile = z.strictObject({
  language: z.enum(languages),
  intents: z.record(intentId, z.array(z.string().trim().min(1).max(500)).min(1)),
});
export type IntentTrainingFile = z.infer<typeof intentTrainingFile>;

/**
 * content/flows/<language>.json: what the bot says in its guided flows, by key, with `{placeholder}`
 * values filled in by the flow. English holds every key; other languages may fall back to it.
 */
export const botTextsFile = z.strictObject({
  language: z.enum(languages),
  texts: z.partialRecord(z.enum(botTextKeys), z.string().trim().min(1).max(2000)),
  intentLabels: z.record(intentId, z.string().trim().min(1).max(60)),
});
export type BotTextsFile = z.infer<typeof botTextsFile>;
