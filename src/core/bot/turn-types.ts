/** The inputs and outputs of one bot turn: everything is data, so the decision stays pure. */
import type { Language } from '../conversations/types.ts';
import type { Deposit, ExchangeAccount, Withdrawal } from '../exchange/types.ts';
import type { IntentCatalogue } from './catalogue.ts';
import type { HandoffRecord } from './events.ts';
import type { BotEntities, BotSession } from './session.ts';
import type { BotTexts } from './texts.ts';

/** A quick-reply button: `id` comes back as the customer's `quickReply` when pressed. */
export interface QuickReply {
  id: string;
  label: string;
}

export interface BotReply {
  text: string;
  buttons: QuickReply[];
}

export type BotAction =
  | { type: 'freeze_account' }
  | { type: 'hand_over'; handoff: HandoffRecord }
  | { type: 'resolve' };

/** The classifier's answer for the message: best intents first, and whether it is too unsure. */
export interface IntentGuess {
  top: { intent: string; confidence: number }[];
  unsure: boolean;
}

/** The best knowledge-base article for the intent, in the customer's language when there is one. */
export interface KbAnswer {
  slug: string;
  title: string;
  summary: string;
  language: Language;
  url: string;
}

/** A network with withdrawals or deposits declared delayed, with the message for customers. */
export interface NetworkIncident {
  chain: string;
  message: string;
}

/** What the exchange knows about the customer, fetched by the app before the turn. */
export interface CustomerFacts {
  account: ExchangeAccount | null;
  /** Most recent first, including any deposit the customer named by tx hash. */
  deposits: Deposit[];
  withdrawals: Withdrawal[];
  incidents: NetworkIncident[];
}

export interface BotInput {
  session: BotSession;
  /** The language of this message as the language policy decided it. */
  language: Language;
  guess: IntentGuess;
  /** Entities of this message (the session holds the earlier ones). */
  entities: BotEntities;
  /** The id of the quick reply the customer pressed, when they pressed one. */
  choice: string | null;
  facts: CustomerFacts;
  catalogue: IntentCatalogue;
  texts: BotTexts;
  article: KbAnswer | null;
  now: Date;
}

export interface BotTurn {
  replies: BotReply[];
  session: BotSession;
  actions: BotAction[];
}
