/**
 * The secrets guard: every inbound customer message passes through `guardSecrets` before it is
 * stored, indexed, logged or shown to any model. Pure and total: it never throws, whatever the text.
 */
import { findCredentials } from './credentials.ts';
import { CueIndex } from './cues.ts';
import { completeAcrossMessages } from './cross-message.ts';
import { findOneTimeCodes } from './one-time-codes.ts';
import { findPrivateKeys, txHashSet } from './private-keys.ts';
import { applyRedactions, mergeFindings, withRepeats } from './redaction.ts';
import { isSeedPhrase, scanSeedRuns } from './seed-phrases.ts';
import type { SecretFinding, SecretsContext, SecretsGuardResult } from './types.ts';

/** Stored instead of a message the guard failed to check: nothing unchecked is ever stored. */
export const uncheckedMessageText = '[redacted: message could not be checked for secrets]';

function inspect(text: string, context: SecretsContext): SecretsGuardResult {
  const runs = scanSeedRuns(text);
  const findings: SecretFinding[] = runs
    .filter(isSeedPhrase)
    .map((run) => ({ kind: 'seed_phrase', start: run.start, end: run.end }));
  const recent = Array.isArray(context.recentCustomerTexts) ? context.recentCustomerTexts : [];
  const completion = completeAcrossMessages(text, runs, recent);
  if (completion.head) findings.push(completion.head);
  const cues = new CueIndex(text);
  findings.push(
    ...findPrivateKeys(text, cues, txHashSet(context.knownTxHashes)),
    ...findCredentials(text, cues),
    ...findOneTimeCodes(text, cues),
  );
  const merged = mergeFindings(withRepeats(text, mergeFindings(findings)));
  return {
    text: applyRedactions(text, merged),
    findings: merged,
    earlierRedactions: completion.earlier,
    flagged: merged.length > 0 || completion.earlier.length > 0,
  };
}

/**
 * Redacts seed phrases, private keys, API secrets, passwords and one-time codes from a customer's
 * message, and names the earlier messages that the current one proved to hold part of a phrase.
 * Findings' offsets are into `text` as given.
 */
export function guardSecrets(text: string, context: SecretsContext = {}): SecretsGuardResult {
  const input = typeof text === 'string' ? text : String(text ?? '');
  try {
    return inspect(input, context ?? {});
  } catch {
    // A bug here must not leak the message nor block the customer: store a placeholder instead.
    return { text: uncheckedMessageText, findings: [], earlierRedactions: [], flagged: true };
  }
}
