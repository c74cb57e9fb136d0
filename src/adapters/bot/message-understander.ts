/**
 * The trained message understander: eld language identification under the locale-as-prior policy,
 * the intent model trained from content/intents (cached on disk by content hash), and entity
 * extraction. Built once at start; `understand` is synchronous and takes well under a millisecond.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { summariseEntities, extractEntities } from '../../core/bot/entities.ts';
import { chooseLanguage } from '../../core/bot/language.ts';
import { noEntities } from '../../core/bot/session.ts';
import type { IntentExample } from '../../core/bot/intents/index.ts';
import type { MessageUnderstander, TrainingExample } from '../../ports/bot.ts';
import { loadShippedIntentModel } from '../content/intent-model-files.ts';
import { createEldLanguageDetector } from '../language/eld-language-detector.ts';
import { readBotTexts, readIntentCatalogue } from './bot-content.ts';

export interface UnderstanderOptions {
  /** Where trained intent models are kept between starts (null: train at every start). */
  modelCacheDir: string | null;
  logger: Logger;
  /** Stored labelled examples (agents' corrections, imports) trained on beside content/intents. */
  extraExamples?: readonly IntentExample[];
}

export async function loadMessageUnderstander(contentDir: string, options: UnderstanderOptions): Promise<MessageUnderstander> {
  // Said first: on a first start, training keeps a new user waiting for about a minute.
  options.logger.info({ modelCacheDir: options.modelCacheDir }, 'preparing the support bot (a first start trains its intent model: about a minute)');
  const [catalogue, texts, detector, shipped] = await Promise.all([
    readIntentCatalogue(contentDir),
    readBotTexts(contentDir),
    createEldLanguageDetector(),
    loadShippedIntentModel({ contentDir: join(contentDir, 'intents'), cacheDir: options.modelCacheDir, extraExamples: options.extraExamples ?? [] }),
  ]);
  options.logger.info(
    { examples: shipped.content.examples.length, extraExamples: options.extraExamples?.length ?? 0, trainedNow: shipped.trainedNow, seconds: Math.round(shipped.seconds * 10) / 10 },
    shipped.trainedNow ? 'trained the intent model' : 'loaded the cached intent model',
  );
  return {
    catalogue,
    texts,
    understand({ text, locale, conversationLanguage }) {
      const { language } = chooseLanguage(text, { current: conversationLanguage, locale }, detector);
      return {
        language,
        guess: shipped.model.classify(text),
        entities: summariseEntities(extractEntities(text, { language })),
      };
    },
  };
}

/**
 * With the bot switched off nothing is trained; a conversation the bot still held (started before
 * the switch) is handed to people at its customer's next message.
 */
export async function handOverUnderstander(contentDir: string): Promise<MessageUnderstander> {
  const [catalogue, texts] = await Promise.all([readIntentCatalogue(contentDir), readBotTexts(contentDir)]);
  return {
    catalogue,
    texts,
    understand: ({ conversationLanguage }) => ({
      language: conversationLanguage ?? 'en',
      guess: { top: [{ intent: 'talk_to_human', confidence: 1 }], unsure: false },
      entities: noEntities(),
    }),
  };
}

/** Stored examples in the trainer's shape. */
export function asIntentExamples(examples: readonly TrainingExample[]): IntentExample[] {
  return examples.map((e) => (e.language ? { text: e.text, intent: e.intent, lang: e.language } : { text: e.text, intent: e.intent }));
}
