/** What the bot remembers about one conversation between the customer's messages. */
import type { Language } from '../conversations/types.ts';

/** A question the bot asked and is waiting for an answer to (usually a button press). */
export type BotAwaiting =
  | { kind: 'intent_choice'; options: string[] }
  | { kind: 'tx_hash'; intent: string }
  | { kind: 'deposit_choice'; intent: string; depositIds: string[] }
  | { kind: 'withdrawal_choice'; intent: string; withdrawalIds: string[] }
  | { kind: 'freeze_confirm' }
  | { kind: 'solved_confirm'; intent: string };

export interface BotSession {
  language: Language;
  /** The intent the bot is working on, with the classifier's confidence when it was chosen. */
  intent: string | null;
  confidence: number;
  awaiting: BotAwaiting | null;
  /** What the bot already did, in order (shown to the agent on handover). */
  tried: string[];
  outOfScopeStreak: number;
  turns: number;
  /** Entities seen so far in the conversation (tx hashes, ids, chains …), newest last. */
  entities: BotEntities;
}

/** The entities the flows use, gathered from every customer message of the conversation. */
export interface BotEntities {
  txHashes: string[];
  addresses: string[];
  chains: string[];
  memos: string[];
  amounts: { value: string; asset: string }[];
  orderIds: string[];
  emails: string[];
}

export const noEntities = (): BotEntities => ({
  txHashes: [], addresses: [], chains: [], memos: [], amounts: [], orderIds: [], emails: [],
});

export function newBotSession(language: Language): BotSession {
  return { language, intent: null, confidence: 0, awaiting: null, tried: [], outOfScopeStreak: 0, turns: 0, entities: noEntities() };
}

/** Entities of this message added to what the session knew, without repeats. */
export function mergeEntities(known: BotEntities, seen: BotEntities): BotEntities {
  const union = <T>(a: T[], b: T[], key: (x: T) => string = String): T[] => {
    const keys = new Set(a.map(key));
    return [...a, ...b.filter((x) => !keys.has(key(x)))];
  };
  return {
    txHashes: union(known.txHashes, seen.txHashes),
    addresses: union(known.addresses, seen.addresses),
    chains: union(known.chains, seen.chains),
    memos: union(known.memos, seen.memos),
    amounts: union(known.amounts, seen.amounts, (a) => `${a.value} ${a.asset}`),
    orderIds: union(known.orderIds, seen.orderIds),
    emails: union(known.emails, seen.emails),
  };
}
