import type { LanguageGuess } from '../core/bot/language.ts';

/**
 * Identifies which of the served languages a short text is written in, by statistics alone.
 * core/bot/language.ts turns its guess, the conversation and the customer's locale into the
 * language the bot answers in; callers should use that policy rather than this port directly.
 */
export interface LanguageDetector {
  /**
   * The best served language for `text`, with how well each candidate fits. Never throws; a
   * text with nothing to go on (empty, digits, emoji) answers `{ language: null, confidence: 0 }`.
   * Synchronous and in the tens of microseconds: it runs on every customer message.
   */
  detect(text: string): LanguageGuess;
}
