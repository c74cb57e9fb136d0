import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../../src/http/realtime/connection.ts';

const visitorBudget = { perSecond: 5, burst: 20 };
const signedInBudget = { perSecond: 50, burst: 200 };

/** How many frames in a row the bucket lets through right now. */
function burstAllowed(connection: Connection): number {
  let n = 0;
  while (connection.take() && n < 10_000) n += 1;
  return n;
}

function connection(): Connection {
  // The bucket never touches the socket.
  return new Connection('c1', {} as WebSocket, 1024, () => undefined, visitorBudget);
}

describe('inbound frame budget of a websocket', () => {
  // The clock stands still, so no refill happens between frames however slow the machine is.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('lets a socket that is not signed in send a short burst, then refuses', () => {
    expect(burstAllowed(connection())).toBe(20);
  });

  it('gives a socket that signs in the full signed-in burst, less what it already spent', () => {
    const c = connection();
    expect(c.take()).toBe(true); // the auth frame itself
    c.setBudget(signedInBudget);
    expect(burstAllowed(c)).toBe(199);
  });

  it('refills at the rate of its budget', () => {
    const c = connection();
    burstAllowed(c);
    vi.setSystemTime(Date.now() + 1_000);
    expect(burstAllowed(c)).toBe(5);
  });

  it('caps what is left when a socket moves to a smaller budget', () => {
    const c = new Connection('c2', {} as WebSocket, 1024, () => undefined, signedInBudget);
    c.setBudget(visitorBudget);
    expect(burstAllowed(c)).toBe(20);
  });
});
