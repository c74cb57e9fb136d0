/** The secrets guard's vocabulary: what it finds in a customer's message and what it returns. */

/** Every kind of secret the guard detects, in the order the warnings name them. */
export const secretKinds = ['seed_phrase', 'private_key', 'api_secret', 'password', 'one_time_code'] as const;
export type SecretKind = (typeof secretKinds)[number];

/** One secret found in a message: `start` and `end` are UTF-16 offsets into the original text. */
export interface SecretFinding {
  kind: SecretKind;
  start: number;
  end: number;
}

/** What the caller knows about the conversation around the message being guarded. */
export interface SecretsContext {
  /** Transaction hashes of this customer known to the exchange gateway: never treated as keys. */
  knownTxHashes?: readonly string[];
  /** The last few customer messages of the conversation, oldest first, as stored (already guarded). */
  recentCustomerTexts?: readonly string[];
}

/** An earlier message that the current one proved to hold part of a secret: store `text` instead. */
export interface EarlierRedaction {
  /** Index into `SecretsContext.recentCustomerTexts`. */
  index: number;
  text: string;
}

/** The guarded message: what may be stored, indexed, logged or shown to a model. */
export interface SecretsGuardResult {
  text: string;
  findings: SecretFinding[];
  earlierRedactions: EarlierRedaction[];
  /** True when anything was redacted, in this message or an earlier one. */
  flagged: boolean;
}

/** The marker that replaces each kind of secret in stored text. */
export const redactionMarkers: Readonly<Record<SecretKind, string>> = {
  seed_phrase: '[redacted: seed phrase]',
  private_key: '[redacted: private key]',
  api_secret: '[redacted: api secret]',
  password: '[redacted: password]',
  one_time_code: '[redacted: one-time code]',
};
