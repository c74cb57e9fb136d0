/** What both bus adapters share: the wire format and how a subscriber's handler is run. */

export type Handler = (payload: unknown) => void;

/** A payload as JSON text; one that cannot cross the wire fails publish() on every adapter. */
export function encodeJson(payload: unknown): string {
  const text = JSON.stringify(payload ?? null);
  // JSON.stringify returns undefined for functions and symbols instead of throwing.
  if (text === undefined) throw new TypeError('bus payload is not JSON-serialisable');
  return text;
}

/** Run one handler, reporting (never throwing) its failure, sync or async. */
export function runHandler(subject: string, handler: Handler, payload: unknown, report: (err: Error) => void): void {
  try {
    // Typed as returning void, but an async function fits that type too: catch its rejection
    // instead of letting it become an unhandled rejection that ends the process.
    const result: unknown = handler(payload);
    if (isPromiseLike(result)) result.then(undefined, (err: unknown) => report(handlerError(subject, err)));
  } catch (err) {
    report(handlerError(subject, err));
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function handlerError(subject: string, cause: unknown): Error {
  return new Error(`bus handler failed on ${subject}`, { cause });
}

export function reportToConsole(err: Error): void {
  console.error(err);
}
