import type { ConversationState, Department, Language, Priority } from './types.ts';
import { languages } from './types.ts';

export interface OpeningRequest {
  body: string;
  department?: Department | undefined;
  language?: Language | undefined;
  priority?: Priority | undefined;
  subject?: string | undefined;
}

export interface OpeningPlacement {
  state: ConversationState;
  department: Department;
  language: Language;
  priority: Priority;
  subject: string;
}

const SUBJECT_LENGTH = 120;

/** The customer's locale (`pt-BR`, `zh_CN`) as one of the served languages, or English. */
export function languageOfLocale(locale: string | null | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (languages as readonly string[]).includes(base) ? (base as Language) : 'en';
}

/**
 * Where a new conversation starts: with the bot, which answers and places it, unless the bot is off
 * or the customer (or the exchange's integration) already chose a department; then it waits in
 * that department's queue, or General's, in the customer's language.
 */
export function openingPlacement(request: OpeningRequest, locale: string | null, botAnswers = false): OpeningPlacement {
  const firstLine = request.body.trim().split('\n')[0] ?? '';
  const subject = (request.subject?.trim() || firstLine).slice(0, SUBJECT_LENGTH);
  return {
    state: botAnswers && request.department === undefined ? 'bot' : 'queued',
    department: request.department ?? 'general',
    language: request.language ?? languageOfLocale(locale),
    priority: request.priority ?? 'normal',
    subject: subject || '(no subject)',
  };
}
