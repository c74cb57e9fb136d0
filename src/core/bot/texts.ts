/**
 * What the bot says, by key, in every served language. The texts live in content/flows/<lang>.json;
 * core only names the keys and fills the `{placeholders}`. English is complete by contract; another
 * language may lack a key, and then the English text is used and the caller is told.
 */
import type { Language } from '../conversations/types.ts';

export const botTextKeys = [
  'greeting',
  'out_of_scope',
  'out_of_scope_again',
  'clarify',
  'clarify_none',
  'handover',
  'handover_urgent',
  'handover_after_hours',
  'button_yes',
  'button_no',
  'button_human',
  'solved_question',
  'solved_thanks',
  'kb_answer',
  'kb_answer_english',
  'kb_missing',
  'deposit_ask_tx',
  'deposit_choose',
  'deposit_option',
  'deposit_not_found',
  'deposit_confirming',
  'deposit_credited',
  'deposit_pending',
  'deposit_failed',
  'deposit_missing_memo',
  'deposit_wrong_network',
  'deposit_on_hold',
  'deposit_case_opened',
  'withdrawal_choose',
  'withdrawal_option',
  'withdrawal_none',
  'withdrawal_requested',
  'withdrawal_under_review',
  'withdrawal_processing',
  'withdrawal_sent',
  'withdrawal_completed',
  'withdrawal_failed',
  'withdrawal_cancelled',
  'withdrawal_rejected',
  'withdrawal_incident',
  'kyc_not_started',
  'kyc_pending',
  'kyc_approved',
  'kyc_rejected',
  'kyc_rejected_no_reason',
  'kyc_no_account',
  'compromised_offer_freeze',
  'button_freeze',
  'button_dont_freeze',
  'freeze_done',
  'freeze_already',
  'freeze_failed',
  'freeze_declined',
  'phishing_warning',
  'twofa_steps',
  'password_steps',
] as const;
export type BotTextKey = (typeof botTextKeys)[number];

/** Labels of intents on clarifying buttons ("Did you mean …?"), by intent id. */
export type IntentLabels = Record<string, string>;

export interface LanguageTexts {
  texts: Partial<Record<BotTextKey, string>>;
  intentLabels: IntentLabels;
}

/** Every language's texts; English must hold every key (a content test enforces it). */
export type BotTexts = Partial<Record<Language, LanguageTexts>> & { en: LanguageTexts };

export type TextValues = Record<string, string | number>;

/** The text for `key` in `language`, with `{name}` placeholders filled; English when missing. */
export function say(texts: BotTexts, language: Language, key: BotTextKey, values: TextValues = {}): string {
  const template = texts[language]?.texts[key] ?? texts.en.texts[key] ?? key;
  return fill(template, values);
}

/** Whether `language` has its own text for `key` (false means the English one is shown). */
export function hasText(texts: BotTexts, language: Language, key: BotTextKey): boolean {
  return texts[language]?.texts[key] !== undefined;
}

/** The label of an intent on a button, in the language, else English, else the id. */
export function intentLabel(texts: BotTexts, language: Language, intent: string): string {
  return texts[language]?.intentLabels[intent] ?? texts.en.intentLabels[intent] ?? intent;
}

function fill(template: string, values: TextValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
