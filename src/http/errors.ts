import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, errorCatalogue, type ErrorCode } from '../core/errors.ts';

/** Fastify's own client errors, mapped onto the catalogue. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
};

export function sendError(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, message?: string, details?: unknown) {
  return reply.status(errorCatalogue[code].status).send({
    error: { code, message: message ?? errorCatalogue[code].message, details, requestId: String(request.id) },
  });
}

/**
 * The one error handler: every failure leaves as `{ error: { code, message } }` with a status from
 * the catalogue. A 5xx never carries the cause to the client; it goes to the log.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        where: err.validationContext,
        path: v.instancePath,
        message: v.message,
      }));
      const tooLong = issues.some((issue) => issue.message?.startsWith('message_too_long'));
      return sendError(reply, request, tooLong ? 'message_too_long' : 'validation_failed', undefined, issues);
    }
    if (err instanceof DomainError) {
      if (err.status >= 500) request.log.error({ err }, err.message);
      return sendError(reply, request, err.code, err.message, err.details);
    }
    const fastifyError = err as FastifyError;
    const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
    if (mapped) return sendError(reply, request, mapped, fastifyError.message);
    if (fastifyError.statusCode === 429) return sendError(reply, request, 'rate_limited');
    if (err instanceof SyntaxError && fastifyError.statusCode === 400) return sendError(reply, request, 'invalid_json');
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return sendError(reply, request, 'validation_failed', fastifyError.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, request, 'internal');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, request, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
}
