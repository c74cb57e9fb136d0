/** Turning findings into stored text: one marker per secret, overlaps merged, repeats caught. */
import { redactionMarkers, secretKinds, type SecretFinding } from './types.ts';

const priority = (finding: SecretFinding) => secretKinds.indexOf(finding.kind);

/** Sorted, non-overlapping findings: overlapping ones become one span of the weightier kind. */
export function mergeFindings(findings: readonly SecretFinding[]): SecretFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretFinding[] = [];
  for (const finding of sorted) {
    const last = merged[merged.length - 1];
    if (last && finding.start < last.end) {
      last.end = Math.max(last.end, finding.end);
      if (priority(finding) < priority(last)) last.kind = finding.kind;
    } else {
      merged.push({ ...finding });
    }
  }
  return merged;
}

const wordCharacter = /[\p{L}\p{N}]/u;

/**
 * A secret said twice is redacted twice: "my password is Hunter2!, I typed Hunter2! again".
 * Phrases, keys, API secrets and passwords are redacted wherever they appear again, even glued to
 * other text; one-time codes and values under six characters only where they stand alone, so that
 * code 482913 leaves order 14829137 alone.
 */
export function withRepeats(text: string, findings: readonly SecretFinding[]): SecretFinding[] {
  const all = [...findings];
  const seen = new Set<string>();
  for (const finding of findings) {
    const value = text.slice(finding.start, finding.end);
    if (value.length < 4 || seen.has(`${finding.kind}\u0000${value}`)) continue;
    seen.add(`${finding.kind}\u0000${value}`);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
      const end = at + value.length;
      const standsAlone = !wordCharacter.test(text[at - 1] ?? '') && !wordCharacter.test(text[end] ?? '');
      // Short values and codes only count where they stand alone, or they would cut holes in ids.
      const anywhere = finding.kind !== 'one_time_code' && value.length >= 6;
      if (anywhere || standsAlone) all.push({ kind: finding.kind, start: at, end });
    }
  }
  return all;
}

/** The text with each (merged) finding replaced by its kind's marker. */
export function applyRedactions(text: string, findings: readonly SecretFinding[]): string {
  let redacted = '';
  let cursor = 0;
  for (const finding of findings) {
    redacted += text.slice(cursor, finding.start) + redactionMarkers[finding.kind];
    cursor = finding.end;
  }
  return redacted + text.slice(cursor);
}
