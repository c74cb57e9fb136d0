/**
 * The one error catalogue. Every failure the platform reports to a caller has a stable snake_case
 * code here, with the HTTP status the edge maps it to. Codes are part of the public API: never
 * rename one, add a new one instead.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, message: 'The request is not valid' },
  invalid_json: { status: 400, message: 'The body is not valid JSON' },
  message_too_long: { status: 400, message: 'The message is longer than the limit' },
  unauthenticated: { status: 401, message: 'Sign in or send a valid token' },
  invalid_credentials: { status: 401, message: 'Email or password is wrong' },
  token_invalid: { status: 401, message: 'The token is expired, forged or malformed' },
  forbidden: { status: 403, message: 'Your role does not allow this action' },
  not_found: { status: 404, message: 'Not found' },
  route_not_found: { status: 404, message: 'No such route' },
  conflict: { status: 409, message: 'The resource changed; retry' },
  invalid_transition: { status: 409, message: 'The conversation cannot make that change in its current state' },
  conversation_closed: { status: 409, message: 'The conversation is closed; start a new one' },
  client_msg_id_reused: { status: 409, message: 'That clientMsgId was already used for a different message' },
  agent_unavailable: { status: 422, message: 'That agent cannot take the conversation' },
  not_assignee: { status: 409, message: 'Only the assigned agent replies to the customer; take the conversation over first' },
  payload_too_large: { status: 413, message: 'The body is too large' },
  unsupported_media_type: { status: 415, message: 'Send application/json' },
  rate_limited: { status: 429, message: 'Too many requests; slow down' },
  not_ready: { status: 503, message: 'A dependency is not reachable' },
  internal: { status: 500, message: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** A failure the caller can act on: it carries a catalogue code and optional details. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
