/** The one-paragraph summary an agent reads on top of a conversation the bot handed over. */
import type { HandoffRecord } from './events.ts';

const languageNames: Record<string, string> = {
  en: 'English', zh: 'Chinese', es: 'Spanish', pt: 'Portuguese', ru: 'Russian', tr: 'Turkish', fr: 'French',
  vi: 'Vietnamese', id: 'Indonesian', ar: 'Arabic', uk: 'Ukrainian', ko: 'Korean', ja: 'Japanese', de: 'German',
};

const reasons: Record<HandoffRecord['reason'], string> = {
  customer_asked: 'the customer asked for a person',
  not_solved: 'the customer said the answer did not solve it',
  needs_agent: 'the case needs an agent',
  unsure: 'the bot could not tell what the customer needs',
  urgent: 'the case is urgent',
};

const short = (value: string): string => (value.length > 18 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value);

/** English on purpose: the agent console translates the UI, not this operational note. */
export function describeHandoff(record: Omit<HandoffRecord, 'summary'>): string {
  const e = record.entities;
  const facts = [
    ...e.amounts.map((a) => `${a.value} ${a.asset}`),
    ...e.chains,
    ...e.txHashes.map((h) => `tx ${short(h)}`),
    ...e.orderIds.map((id) => `id ${id}`),
    ...e.memos.map((m) => `memo ${m}`),
    ...e.addresses.map((a) => `address ${short(a)}`),
  ];
  const parts = [
    `Customer writes in ${languageNames[record.language] ?? record.language}.`,
    `Topic: ${record.intent.replaceAll('_', ' ')} (confidence ${Math.round(record.confidence * 100)}%).`,
    facts.length > 0 ? `Mentioned: ${facts.join(', ')}.` : '',
    record.tried.length > 0 ? `Bot already: ${record.tried.join('; ')}.` : 'Bot did not try anything.',
    `Handed to ${record.department} (${record.priority}) because ${reasons[record.reason]}.`,
  ];
  return parts.filter(Boolean).join(' ');
}
