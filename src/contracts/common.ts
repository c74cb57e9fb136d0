import { z } from 'zod';
import { errorCatalogue, type ErrorCode } from '../core/errors.ts';

/** The body of every error reply and websocket error frame. */
export const errorReply = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const uuid = z.uuid();

const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/**
 * Text PostgreSQL can store exactly as sent: it refuses NUL characters in text and JSON, and
 * unpaired UTF-16 surrogates in JSON (and silently replaces them in text). Refused here with a
 * 400 rather than failing in the database with a 500.
 */
export const storableText = (text: string): boolean => !text.includes('\u0000') && !unpairedSurrogate.test(text);
export const storableTextMessage = 'must not contain NUL characters or unpaired surrogates';
/** A client-chosen idempotency key: resending with the same one never duplicates. */
export const clientMsgId = z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only');
export const isoDate = z.iso.datetime({ offset: true });
