/** Schemas of the security team's secret-exposure flags at the API edge. */
import { z } from 'zod';
import { secretKinds } from '../core/secrets/types.ts';
import { storableText, storableTextMessage, uuid } from './common.ts';

export const secretExposureDto = z
  .object({
    id: z.string(),
    conversationId: uuid,
    seq: z.number().int().describe('the message that held or completed the secret'),
    customerId: z.string(),
    kinds: z.array(z.enum(secretKinds)),
    redactedSeqs: z.array(z.number().int()).describe('earlier messages rewritten because they held part of it'),
    createdAt: z.string(),
    review: z.object({ by: z.string(), at: z.string(), note: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'SecretExposure' });

export const listSecretExposuresQuery = z.strictObject({
  state: z.enum(['open', 'reviewed']).optional(),
  before: z.string().regex(/^[1-9][0-9]{0,17}$/, 'an exposure id from the previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const secretExposuresReply = z.object({ exposures: z.array(secretExposureDto) });
export const secretExposureParams = z.strictObject({ id: z.string().max(40) });
export const reviewSecretExposureBody = z.strictObject({
  note: z.string().trim().max(2000).refine(storableText, storableTextMessage).optional(),
});
export const secretExposureReply = z.object({ exposure: secretExposureDto });

