/**
 * A seed phrase split over messages: "1. abandon … 8. absurd" now, "9. abuse … 24. art" next. The
 * tail of the previous customer messages and the head of the current one are counted together;
 * when they make a phrase, the earlier messages are rewritten too. Across messages the evidence is
 * thinner than within one, so the joined words need one more sign: a valid checksum, numbering
 * that carries on, or words that are not everyday English.
 */
import { isSeparatorOnly, scanSeedRuns, seedPhraseMinWords, type SeedRun } from './seed-phrases.ts';
import { redactionMarkers, type EarlierRedaction, type SecretFinding } from './types.ts';

const markerPattern = /\[redacted: [a-z -]+\]/g;
const endsWithSeedMarker = /\[redacted: seed phrase\][\s\p{P}]*$/u;
const mnemonicLengths = [24, 21, 18, 15, 12];

/** Earlier redaction markers hide what they replaced: they neither join nor count as words. */
function withoutMarkers(text: string): string {
  return text.replace(markerPattern, (marker) => '\ufffc'.repeat(marker.length));
}

/** The words that end an earlier message: where they start and end in it, and the run they are. */
interface Tail {
  index: number;
  text: string;
  start: number;
  end: number;
  words: number;
  run: SeedRun;
}

/** What the current message completes: its own span to redact, and the earlier messages to rewrite. */
export interface Completion {
  head: SecretFinding | null;
  earlier: EarlierRedaction[];
}

const nothing: Completion = { head: null, earlier: [] };

/** The runs that end the recent messages, newest first, while each message is nothing but its run. */
function collectTails(recent: readonly unknown[]): { tails: Tail[]; afterRedactedPhrase: boolean } {
  const tails: Tail[] = [];
  for (let index = recent.length - 1; index >= 0; index--) {
    const text = typeof recent[index] === 'string' ? (recent[index] as string) : '';
    if (endsWithSeedMarker.test(text)) return { tails, afterRedactedPhrase: true };
    const view = withoutMarkers(text);
    const run = scanSeedRuns(view).at(-1);
    if (!run || run.prose || !isSeparatorOnly(view.slice(run.end))) break;
    tails.push({ index, text, start: run.start, end: run.end, words: run.words, run });
    const before = text.slice(0, run.start);
    if (!isSeparatorOnly(before)) return { tails, afterRedactedPhrase: endsWithSeedMarker.test(before) };
  }
  return { tails, afterRedactedPhrase: false };
}

/** The last `words` words of the tails (newest first), or null when they do not split there. */
function lastWords(tails: readonly Tail[], words: number): Tail[] | null {
  const taken: Tail[] = [];
  let missing = words;
  for (const tail of tails) {
    if (missing === 0) break;
    let start = tail.end;
    let count = 0;
    for (let i = tail.run.parts.length - 1; i >= 0 && count < missing; i--) {
      count += tail.run.parts[i]!.words;
      start = tail.run.parts[i]!.start;
    }
    if (count > missing) return null;
    taken.push({ ...tail, start, words: count });
    missing -= count;
  }
  return missing === 0 ? taken : null;
}

function joinedChecksumValid(tails: readonly Tail[], text: string, head: SeedRun): boolean {
  const pieces = [...tails].reverse().map((tail) => withoutMarkers(tail.text).slice(tail.start, tail.end));
  const runs = scanSeedRuns([...pieces, text.slice(head.start, head.end)].join('\n'));
  return runs.length === 1 && runs[0]!.checksumValid;
}

/** The earlier words that make, with the head, a mnemonic with a valid checksum (the longest such). */
function checksumCompletion(tails: readonly Tail[], text: string, head: SeedRun): Tail[] | null {
  const available = tails.reduce((sum, tail) => sum + tail.words, 0);
  for (const length of mnemonicLengths) {
    const needed = length - head.words;
    if (needed < 1 || needed > available) continue;
    const taken = lastWords(tails, needed);
    if (taken && joinedChecksumValid(taken, text, head)) return taken;
  }
  return null;
}

/** "…8. absurd" then "9. abuse…": the numbers carry on from one message to the next. */
function numberingCarriesOn(previous: string, text: string): boolean {
  const last = /(\d{1,2})\s*[.):-]?\s*[^\d\s]+[\s\p{P}]*$/u.exec(previous);
  const first = /^[\s#]*(\d{1,2})/.exec(text);
  return last !== null && first !== null && Number(first[1]) === Number(last[1]) + 1;
}

/** Words of which under a quarter are everyday English: how a mnemonic's words look. */
const plain = (run: SeedRun) => run.everyday * 4 < run.words;

/** "rest of it:" or a line of its own may introduce the words that finish a phrase. */
function isLeadIn(stretch: string): boolean {
  if (isSeparatorOnly(stretch)) return true;
  const trimmed = stretch.trimEnd();
  return trimmed.length <= 40 && (/[:：]$/.test(trimmed) || /\n\s*$/.test(stretch));
}

function earlierWords(text: string, head: SeedRun, recent: readonly unknown[]): Tail[] | null {
  // A valid mnemonic is complete: earlier words before it are not part of it.
  if (head.checksumValid) return null;
  const { tails, afterRedactedPhrase } = collectTails(recent);
  const byChecksum = checksumCompletion(tails, text, head);
  if (byChecksum) return byChecksum;
  // A phrase long enough on its own takes earlier words only when the checksum says so.
  if (head.words >= seedPhraseMinWords) return null;
  // Words that only finish a phrase come on their own, with nothing after them.
  if (!isSeparatorOnly(text.slice(head.end))) return null;
  const previous = tails[0]?.text ?? (typeof recent[recent.length - 1] === 'string' ? (recent.at(-1) as string) : '');
  const signed = numberingCarriesOn(withoutMarkers(previous), text) || (plain(head) && tails.every((t) => plain(t.run)));
  const words = tails.reduce((sum, tail) => sum + tail.words, head.words);
  if (signed && tails.length > 0 && words >= seedPhraseMinWords) return tails;
  if (signed && afterRedactedPhrase && head.words >= 2) return tails;
  return null;
}

/** Finds a phrase that the current message completes, given the runs already found in it. */
export function completeAcrossMessages(text: string, runs: readonly SeedRun[], recent: readonly unknown[]): Completion {
  const head = runs[0];
  if (!head || head.prose || recent.length === 0 || !isLeadIn(text.slice(0, head.start))) return nothing;
  const taken = earlierWords(text, head, recent);
  if (!taken) return nothing;
  return {
    head: { kind: 'seed_phrase', start: head.start, end: head.end },
    earlier: taken.map(({ index, text: earlier, start, end }) => ({
      index,
      text: earlier.slice(0, start) + redactionMarkers.seed_phrase + earlier.slice(end),
    })),
  };
}
