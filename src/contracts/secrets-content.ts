/**
 * Schemas of the secrets guard's data at the edges: the customer warnings shipped in
 * content/secrets/warnings.json, and the labelled examples and report of `relaydesk eval secrets`.
 */
import { z } from 'zod';
import { languages } from '../core/conversations/types.ts';

const warningText = z.strictObject({
  removed: z.string().trim().min(1),
  moveFunds: z.string().trim().min(1),
});

/** content/secrets/warnings.json: the warning in every language the platform serves (all required). */
export const secretsWarningsFile = z.strictObject({
  about: z.string(),
  warnings: z.record(z.enum(languages), warningText),
});
export type SecretsWarningsFile = z.infer<typeof secretsWarningsFile>;

/** One line of a labelled JSONL file for `relaydesk eval secrets`: does this message hold a secret? */
export const labelledSecretExample = z.object({
  text: z.string(),
  secret: z.boolean(),
});
export type LabelledSecretExample = z.infer<typeof labelledSecretExample>;

/** `relaydesk eval secrets --json`: precision and recall of "at least one finding" against the labels. */
export const secretsEvalReport = z.strictObject({
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  n: z.number().int().nonnegative(),
  misclassified: z.array(z.strictObject({ text: z.string(), expected: z.boolean(), got: z.boolean() })),
});
export type SecretsEvalReport = z.infer<typeof secretsEvalReport>;
