/** Events of the bot area (`bot.<past tense>`): the source of bot metrics and of the handoff. */
import type { Department, Language, Priority } from '../conversations/types.ts';
import type { BotEntities } from './session.ts';

export const botEvents = {
  replied: 'bot.replied',
  handedOver: 'bot.handed_over',
  resolved: 'bot.resolved',
  accountFrozen: 'bot.account_frozen',
} as const;

/**
 * Everything routing and the agent need when the bot hands a conversation to a person: no agent
 * has to ask the customer again what the bot already knows.
 */
export interface HandoffRecord {
  intent: string;
  confidence: number;
  language: Language;
  entities: BotEntities;
  /** What the bot already tried, in order (e.g. "looked up deposit 0xab… : 3 of 12 confirmations"). */
  tried: string[];
  department: Department;
  priority: Priority;
  /** Why the bot handed over: the customer asked, the bot could not help, or the case needs a person. */
  reason: 'customer_asked' | 'not_solved' | 'needs_agent' | 'unsure' | 'urgent';
  /** One paragraph for the agent. */
  summary: string;
}

export type BotEventPayload =
  | { type: typeof botEvents.replied; intent: string | null; confidence: number; language: Language }
  | { type: typeof botEvents.handedOver; handoff: HandoffRecord }
  | { type: typeof botEvents.resolved; intent: string }
  | { type: typeof botEvents.accountFrozen; userId: string };
