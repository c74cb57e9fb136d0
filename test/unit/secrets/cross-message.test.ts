/**
 * A phrase split over messages: the message that completes it is redacted, and the guard names
 * the earlier messages (by index into recentCustomerTexts) with the text to store instead.
 */
import { describe, expect, it } from 'vitest';
import { guardSecrets } from '../../../src/core/secrets/guard.ts';
import { mnemonics, wordsOf } from './samples.ts';

const marker = '[redacted: seed phrase]';
const words24 = wordsOf(mnemonics.english24);
const numbered = (from: number, to: number) =>
  words24
    .slice(from, to)
    .map((word, i) => `${from + i + 1}. ${word}`)
    .join('\n');

describe('a phrase split over two messages', () => {
  it('redacts both halves when neither is long enough alone (8 + 4 words of a 12-word phrase)', () => {
    const phrase = wordsOf(mnemonics.english);
    const earlier = `my wallet is empty, the words are: ${phrase.slice(0, 8).join(' ')}`;
    const result = guardSecrets(phrase.slice(8).join(' '), { recentCustomerTexts: ['hello', earlier] });
    expect(result.text).toBe(marker);
    expect(result.findings.map((f) => f.kind)).toEqual(['seed_phrase']);
    expect(result.earlierRedactions).toEqual([{ index: 1, text: `my wallet is empty, the words are: ${marker}` }]);
    expect(result.flagged).toBe(true);
  });

  it('rewrites the first part of a 24-word phrase when the second part is complete alone (8 + 16)', () => {
    const earlier = `recovery words part 1:\n${numbered(0, 8)}`;
    const result = guardSecrets(numbered(8, 24), { recentCustomerTexts: [earlier] });
    expect(result.text).toBe(`9. ${marker}`);
    expect(result.earlierRedactions).toEqual([{ index: 0, text: `recovery words part 1:\n1. ${marker}` }]);
  });

  it('walks back over messages that are nothing but words (6 + 6 + 12)', () => {
    const recent = ['hi', words24.slice(0, 6).join(' '), words24.slice(6, 12).join(' ')];
    const result = guardSecrets(words24.slice(12).join(' '), { recentCustomerTexts: recent });
    expect(result.text).toBe(marker);
    expect(result.earlierRedactions).toEqual([
      { index: 2, text: marker },
      { index: 1, text: marker },
    ]);
  });

  it('redacts the last words of a phrase whose beginning was already redacted (20 + 4)', () => {
    const recent = [`here: ${marker}`];
    const result = guardSecrets(words24.slice(20).join(' '), { recentCustomerTexts: recent });
    expect(result.text).toBe(marker);
    expect(result.earlierRedactions).toEqual([]);
    expect(result.flagged).toBe(true);
  });

  it('joins words whose checksum fails when the numbering carries on from the earlier message', () => {
    const broken = [...words24.slice(0, 11), 'zoo'];
    const earlier = broken
      .slice(0, 7)
      .map((word, i) => `${i + 1}. ${word}`)
      .join(' ');
    const current = broken
      .slice(7)
      .map((word, i) => `${i + 8}. ${word}`)
      .join(' ');
    const result = guardSecrets(current, { recentCustomerTexts: [earlier] });
    expect(result.text).toBe(`8. ${marker}`);
    expect(result.earlierRedactions).toEqual([{ index: 0, text: `1. ${marker}` }]);
  });

  it('leaves earlier messages alone when the current message does not continue a phrase', () => {
    const earlier = `first words: ${words24.slice(0, 8).join(' ')}`;
    for (const reply of ['sorry, wrong chat, ignore that', 'please check my account', 'can you help me']) {
      const result = guardSecrets(reply, { recentCustomerTexts: [earlier] });
      expect(result.earlierRedactions).toEqual([]);
      expect(result.flagged).toBe(false);
    }
  });

  it('does not take earlier everyday words into a phrase that is complete alone', () => {
    const result = guardSecrets(mnemonics.english, { recentCustomerTexts: ['I need help, can you check'] });
    expect(result.text).toBe(marker);
    expect(result.earlierRedactions).toEqual([]);
  });

  it('does not join a short reply to an earlier redacted phrase when the reply is a sentence', () => {
    const result = guardSecrets('thank you, please check my account', { recentCustomerTexts: [`words: ${marker}`] });
    expect(result.flagged).toBe(false);
  });

  it('ignores recent texts that are not strings', () => {
    const recent = [null, 42, words24.slice(0, 8).join(' ')] as unknown as string[];
    const result = guardSecrets(words24.slice(8, 12).join(' '), { recentCustomerTexts: recent });
    expect(result.earlierRedactions).toEqual([{ index: 2, text: marker }]);
  });
});
