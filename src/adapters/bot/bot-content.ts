/** Loads the bot's shipped content: the intent catalogue and what the bot says in each language. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { botTextsFile, intentCatalogueFile } from '../../contracts/content.ts';
import { IntentCatalogue } from '../../core/bot/catalogue.ts';
import type { BotTexts, LanguageTexts } from '../../core/bot/texts.ts';
import type { Language } from '../../core/conversations/types.ts';

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** content/intents/catalogue.json as an IntentCatalogue. */
export async function readIntentCatalogue(contentDir: string): Promise<IntentCatalogue> {
  const file = intentCatalogueFile.parse(await readJson(join(contentDir, 'intents', 'catalogue.json')));
  return new IntentCatalogue(file.intents);
}

/** content/flows/<lang>.json for every language present; English is required. */
export async function readBotTexts(contentDir: string): Promise<BotTexts> {
  const dir = join(contentDir, 'flows');
  const byLanguage: Partial<Record<Language, LanguageTexts>> = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
    const parsed = botTextsFile.safeParse(await readJson(join(dir, name)));
    if (!parsed.success) throw new Error(`content/flows/${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    byLanguage[parsed.data.language] = { texts: parsed.data.texts, intentLabels: parsed.data.intentLabels };
  }
  const en = byLanguage.en;
  if (!en) throw new Error('content/flows/en.json is missing: English is the fallback for every text');
  return { ...byLanguage, en };
}
