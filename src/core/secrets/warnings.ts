/** The warning a customer reads after the guard removed a secret from their message. */
import { languages, type Language } from '../conversations/types.ts';
import type { SecretKind } from './types.ts';

/** One language's warning (content/secrets/warnings.json). */
export interface SecretsWarningText {
  /** Support never asks for secrets; we removed it. Shown for every kind. */
  removed: string;
  /** Move the funds to a new wallet at once. Added when a seed phrase or private key was exposed. */
  moveFunds: string;
}

/** The warnings per language; English is the fallback and must be there. */
export type SecretsWarnings = { en: SecretsWarningText } & Partial<Record<Language, SecretsWarningText>>;

const walletExposingKinds: readonly SecretKind[] = ['seed_phrase', 'private_key'];

function languageOf(tag: string): Language {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (languages as readonly string[]).includes(primary) ? (primary as Language) : 'en';
}

/**
 * The warning for a customer writing in `language` (a tag such as "pt" or "pt-BR") after the
 * guard found `kinds`, or null when it found nothing. Unknown languages read English.
 */
export function secretsWarning(warnings: SecretsWarnings, language: string, kinds: readonly SecretKind[]): string | null {
  if (kinds.length === 0) return null;
  const text = warnings[languageOf(language)] ?? warnings.en;
  if (!kinds.some((kind) => walletExposingKinds.includes(kind))) return text.removed;
  // Chinese and Japanese sentences follow each other without a space.
  const joiner = /[。！？]$/u.test(text.removed) ? '' : ' ';
  return `${text.removed}${joiner}${text.moveFunds}`;
}
