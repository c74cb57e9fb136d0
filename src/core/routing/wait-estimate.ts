/** How long a queued customer will likely wait, from how fast their queue was served lately. */

/** The window the service rate is measured over. */
export const SERVICE_RATE_WINDOW_MS = 15 * 60_000;

/**
 * Seconds until the customer is taken: the people ahead of them plus themselves, at the rate the
 * queue was served in the last window. Null when the queue served nobody lately (no honest guess).
 */
export function estimateWaitSeconds(ahead: number, servedInWindow: number, windowMs = SERVICE_RATE_WINDOW_MS): number | null {
  if (servedInWindow <= 0 || ahead < 0) return null;
  const perSecond = servedInWindow / (windowMs / 1000);
  return Math.max(1, Math.round((ahead + 1) / perSecond));
}
