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
 * Where a new conversation starts. Until the bot (a later area) places it, it waits in the queue
 * of the department the customer picked, or General, in the customer's language.
 */
export function openingPlacement(request: OpeningRequest, locale: string | null): OpeningPlacement {
  const firstLine = request.body.trim().split('\n')[0] ?? '';
  const subject = (request.subject?.trim() || firstLine).slice(0, SUBJECT_LENGTH);
  return {
    state: 'queued',
    department: request.department ?? 'general',
    language: request.language ?? languageOfLocale(locale),
    priority: request.priority ?? 'normal',
    subject: subject || '(no subject)',
  };
}
