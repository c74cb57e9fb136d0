/**
 * What the support bot needs from outside its pure core: understanding a message (language,
 * intent, entities), the knowledge base, and a place to keep its memory and handoffs.
 */
import type { IntentCatalogue } from '../core/bot/catalogue.ts';
import type { HandoffRecord } from '../core/bot/events.ts';
import type { BotEntities, BotSession } from '../core/bot/session.ts';
import type { BotTexts } from '../core/bot/texts.ts';
import type { IntentGuess, KbAnswer, NetworkIncident } from '../core/bot/turn-types.ts';
import type { ConversationEvent } from '../core/conversations/events.ts';
import type { Decision } from '../core/conversations/lifecycle.ts';
import type { Conversation, Language, MessageMetadata } from '../core/conversations/types.ts';
import type { JobDraft, JobLease } from './jobs.ts';

export interface MessageUnderstanding {
  language: Language;
  guess: IntentGuess;
  entities: BotEntities;
}

export interface UnderstandingInput {
  text: string;
  /** The customer's locale from their token: a prior for the language, not the answer. */
  locale: string | null;
  /** The language the bot has been speaking so far; null before its first answer. */
  conversationLanguage: Language | null;
}

/** Language identification, intent classification and entity extraction, trained at start. */
export interface MessageUnderstander {
  understand(input: UnderstandingInput): MessageUnderstanding;
  readonly catalogue: IntentCatalogue;
  readonly texts: BotTexts;
}

/** The knowledge base the bot answers FAQ-style intents from. */
export interface KnowledgeBase {
  /** The best article for the intent and text, in `language` when translated, else English. */
  bestArticle(intent: string, text: string, language: Language): Promise<KbAnswer | null>;
  /** One article in `language`, else English; null when there is no such article. */
  article(slug: string, language: Language): Promise<KbArticle | null>;
}

/** A knowledge-base article as a reader sees it (the body is markdown). */
export interface KbArticle {
  slug: string;
  language: Language;
  title: string;
  summary: string;
  body: string;
}

/** A network incident as declared by a lead: the customer-facing message per language (English required). */
export interface DeclaredIncident {
  id: string;
  chain: string;
  message: Partial<Record<Language, string>> & { en: string };
  declaredAt: Date;
}

export interface StoredBotSession {
  session: BotSession;
  /** The seq of the last customer message the bot answered. */
  handledSeq: number;
}

/** One bot turn, committed whole: its messages, the conversation's change, memory, handoff, job. */
export interface BotTurnCommit {
  conversationId: string;
  expectedVersion: number;
  replies: { id: string; clientMsgId: string; body: string; metadata: MessageMetadata | null }[];
  decision: Decision;
  session: BotSession;
  handledSeq: number;
  handoff: HandoffRecord | null;
  jobs: JobDraft[];
  /** The bot.answer job: completed in the same transaction, so the turn happens once. */
  job: JobLease;
  now: Date;
}

/** A labelled example beyond content/intents, as stored (its text already guarded for secrets). */
export interface TrainingExample {
  text: string;
  intent: string;
  language: Language | null;
  source: 'api' | 'import';
  addedBy: string | null;
}

export interface BotStore {
  /** Store examples; ones already there (same text and intent) are skipped. Returns how many were new. */
  addTrainingExamples(examples: TrainingExample[], now: Date): Promise<number>;
  /** Every stored example, oldest first (the trainer's extra input). */
  trainingExamples(): Promise<TrainingExample[]>;
  getSession(conversationId: string): Promise<StoredBotSession | null>;
  /** Commit a turn if the conversation is still at `expectedVersion` (else `conflict`). */
  commitTurn(turn: BotTurnCommit): Promise<{ conversation: Conversation; events: ConversationEvent[] }>;
  /** The latest handoff of a conversation, for the agent's summary. */
  latestHandoff(conversationId: string): Promise<HandoffRecord | null>;
  /** Networks with a declared, unresolved incident, with the message in `language` (or English). */
  openIncidents(language: Language): Promise<NetworkIncident[]>;
  declareIncident(incident: DeclaredIncident): Promise<void>;
  /** Mark an open incident resolved; false when there is no such open incident. */
  resolveIncident(id: string, now: Date): Promise<boolean>;
}
