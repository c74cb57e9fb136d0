import { guardSecrets } from '../../core/secrets/guard.ts';
import { secretKinds, type SecretKind } from '../../core/secrets/types.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import type { AppDeps } from '../deps.ts';

/** How many earlier customer messages a phrase split across messages is looked for in. */
const RECENT_MESSAGES = 6;
const hex64 = /[0-9a-f]{64}/i;

export interface GuardedCustomerMessage {
  /** The text to store: secrets replaced by `[redacted: …]` markers. */
  body: string;
  /** Kinds removed from this message, for its metadata and the security team. */
  redactions: SecretKind[];
  /** Earlier messages of the conversation this one proved to hold part of a phrase: rewrite them. */
  earlier: { seq: number; body: string }[];
}

/**
 * Run the secrets guard over a customer's message before anything stores, indexes or logs it. It
 * sees the conversation's last customer messages (a phrase split across messages) and the
 * customer's own transaction hashes from the exchange (a tx hash is not a private key).
 */
export async function guardCustomerMessage(
  deps: Pick<AppDeps, 'store' | 'exchange'>,
  customerId: string,
  conversation: Conversation | null,
  body: string,
): Promise<GuardedCustomerMessage> {
  const recent = conversation
    ? (await deps.store.listMessages(conversation.id, Math.max(0, conversation.lastSeq - RECENT_MESSAGES * 3), RECENT_MESSAGES * 3, false))
        .filter((m) => m.authorKind === 'customer')
        .slice(-RECENT_MESSAGES)
    : [];
  const knownTxHashes = hex64.test(body) && !customerId.startsWith('visitor:') ? await customerTxHashes(deps, customerId) : [];
  const result = guardSecrets(body, { recentCustomerTexts: recent.map((m) => m.body), knownTxHashes });
  const found = new Set(result.findings.map((f) => f.kind));
  return {
    body: result.text,
    redactions: secretKinds.filter((kind) => found.has(kind)),
    earlier: result.earlierRedactions.flatMap((r) => {
      const message = recent[r.index];
      return message ? [{ seq: message.seq, body: r.text }] : [];
    }),
  };
}

async function customerTxHashes(deps: Pick<AppDeps, 'exchange'>, customerId: string): Promise<string[]> {
  try {
    const [deposits, withdrawals] = await Promise.all([deps.exchange.listDeposits(customerId, 50), deps.exchange.listWithdrawals(customerId, 50)]);
    return [...deposits.map((d) => d.txHash), ...withdrawals.flatMap((w) => (w.txHash ? [w.txHash] : []))];
  } catch {
    // Without the exchange's answer a bare 64-hex is redacted as a key: the safe side.
    return [];
  }
}
