import { secretKinds, type SecretFinding, type SecretKind } from './types.ts';

/** Event names of the secrets area: `<area>.<past_tense>`, one constant each. */
export const secretsEvents = {
  detected: 'secrets.detected',
} as const;

export type SecretsEventType = (typeof secretsEvents)[keyof typeof secretsEvents];

/** The payload of each secrets event. It never carries the secret itself, only its kinds. */
export type SecretsEventPayload = {
  type: 'secrets.detected';
  conversationId: string;
  messageId: string;
  /** Distinct kinds found, in `secretKinds` order. */
  kinds: SecretKind[];
};

/** The `secrets.detected` payload for a guarded message: the distinct kinds of its findings. */
export function secretsDetected(conversationId: string, messageId: string, findings: readonly SecretFinding[]): SecretsEventPayload {
  const found = new Set(findings.map((finding) => finding.kind));
  return { type: secretsEvents.detected, conversationId, messageId, kinds: secretKinds.filter((kind) => found.has(kind)) };
}
