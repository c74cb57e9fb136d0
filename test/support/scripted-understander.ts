/**
 * A bot that "understands" by keywords: platform tests stay fast and exact about what the bot does
 * with an intent, apart from how well the trained classifier finds it (tested on its own, and
 * end to end in test/integration/bot with the real one).
 */
import { readIntentCatalogue, readBotTexts } from '../../src/adapters/bot/bot-content.ts';
import { noEntities } from '../../src/core/bot/session.ts';
import { contentDir } from '../../src/compose.ts';
import type { MessageUnderstander } from '../../src/ports/bot.ts';

const rules: [RegExp, string][] = [
  [/hack|stolen|compromis|взлом/i, 'account_compromised'],
  [/memo|tag/i, 'deposit_missing_memo'],
  [/deposit|depósito|депозит/i, 'deposit_not_credited'],
  [/withdraw|retiro|вывод/i, 'withdrawal_pending'],
  [/fee|comisi/i, 'fees'],
  [/human|person|agent/i, 'talk_to_human'],
  [/^(hi|hello|hola)\b/i, 'greeting'],
];

export async function scriptedUnderstander(): Promise<MessageUnderstander> {
  const [catalogue, texts] = await Promise.all([readIntentCatalogue(contentDir), readBotTexts(contentDir)]);
  return {
    catalogue,
    texts,
    understand({ text, conversationLanguage }) {
      const intent = rules.find(([pattern]) => pattern.test(text))?.[1];
      const txHashes = text.match(/\b(?:0x)?[0-9a-f]{64}\b/gi) ?? [];
      return {
        language: conversationLanguage ?? 'en',
        guess: intent ? { top: [{ intent, confidence: 0.9 }], unsure: false } : { top: [{ intent: 'fees', confidence: 0.3 }, { intent: 'kyc_status', confidence: 0.2 }], unsure: true },
        entities: { ...noEntities(), txHashes },
      };
    },
  };
}
