import net, { type AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../src/adapters/bus/memory-bus.ts';
import { connectNatsBus, type NatsBusOptions } from '../../src/adapters/bus/nats-bus.ts';
import type { Bus } from '../../src/ports/bus.ts';
import { busContract, within } from './bus.contract.ts';

const natsUrl = process.env.TEST_NATS_URL;

// The contract's failing handlers are deliberate; that they are reported is tested on its own below.
const expectedFailures = (): void => {};

busContract('memory bus', async () => {
  const bus = createMemoryBus({ onError: expectedFailures });
  return { a: bus, b: bus, cleanup: () => bus.close() };
});

describe('memory bus only', () => {
  it('runs handlers after publish returns, never inside the publisher’s call stack', async () => {
    const bus = createMemoryBus();
    let publishing = false;
    const seen: boolean[] = [];
    bus.subscribe('s', () => seen.push(publishing));
    publishing = true;
    const sent = bus.publish('s', 1);
    expect(seen).toEqual([]);
    publishing = false;
    await sent;
    await bus.close();
    expect(seen).toEqual([false]);
  });

  it('reports a failing handler to onError, naming the subject', async () => {
    const errors: Error[] = [];
    const bus = createMemoryBus({ onError: (err) => errors.push(err) });
    bus.subscribe('s', () => {
      throw new Error('sync bug');
    });
    bus.subscribe('s', async () => {
      throw new Error('async bug');
    });
    await bus.publish('s', 1);
    await eventually(async () => errors.length === 2, 'two reported errors');
    await bus.close();
    expect(errors.map((e) => e.message)).toEqual(['bus handler failed on s', 'bus handler failed on s']);
    expect(errors.map((e) => (e.cause as Error).message)).toEqual(['sync bug', 'async bug']);
  });
});

describe.skipIf(!natsUrl)('NATS bus (set TEST_NATS_URL to run)', () => {
  const url = natsUrl ?? '';
  const connectTo = (serverUrl: string, extra: Partial<NatsBusOptions> = {}): Promise<Bus> =>
    connectNatsBus({ url: serverUrl, name: `relaydesk-test-${randomUUID()}`, onError: expectedFailures, ...extra });

  busContract('nats bus', async () => {
    const a = await connectTo(url);
    const b = await connectTo(url).catch(async (err: unknown) => {
      await a.close();
      throw err;
    });
    return {
      a,
      b,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
      },
    };
  });

  it('fails startup quickly when nothing listens at the URL, without printing credentials', async () => {
    const port = await closedPort();
    const started = Date.now();
    const connecting = connectNatsBus({ url: `nats://relay:s3cret@127.0.0.1:${port}`, timeoutMs: 1000 });
    const err = await within(connecting.then(() => null, (e: unknown) => e), 'failed connect', 3000);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as Error).message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports down while the server is unreachable, then reconnects and resubscribes by itself', async () => {
    const target = new URL(url);
    const proxy = await startProxy(target.hostname, Number(target.port || 4222));
    const statuses: string[] = [];
    const node = await connectTo(`nats://127.0.0.1:${proxy.port}`, {
      timeoutMs: 500,
      reconnectWaitMs: 50,
      onStatus: (s) => statuses.push(s),
    });
    const other = await connectTo(url);
    let restarted: Proxy | undefined;
    try {
      const subject = `relaydesk.test.reconnect.${randomUUID()}`;
      const received: unknown[] = [];
      node.subscribe(subject, (p) => received.push(p));
      await within(node.ping(), 'ping through the proxy');

      await proxy.stop();
      await eventually(async () => node.ping().then(() => false, () => true), 'ping to reject');
      await eventually(async () => statuses.includes('disconnect'), 'disconnect status');

      restarted = await startProxy(target.hostname, Number(target.port || 4222), proxy.port);
      await eventually(async () => node.ping().then(() => true, () => false), 'ping to succeed again');
      await eventually(async () => statuses.includes('reconnect'), 'reconnect status');

      await other.publish(subject, 'after the outage');
      await eventually(async () => received.length === 1, 'delivery after reconnect');
      expect(received).toEqual(['after the outage']);
    } finally {
      await Promise.all([node.close(), other.close()]);
      await restarted?.stop();
    }
  });

  it('closes without hanging while the server is unreachable', async () => {
    const target = new URL(url);
    const proxy = await startProxy(target.hostname, Number(target.port || 4222));
    // A long reconnect wait: a failed reconnect attempt would also end the drain, and this test is
    // about the case where none comes in time (a host that drops packets, a slow backoff).
    const node = await connectTo(`nats://127.0.0.1:${proxy.port}`, { timeoutMs: 300, reconnectWaitMs: 10_000 });
    await node.publish('relaydesk.test.unsent', 'stays in the client buffer');
    await proxy.stop();
    await eventually(async () => node.ping().then(() => false, () => true), 'ping to reject');
    await within(node.close(), 'close during an outage', 2000);
    await expect(node.ping()).rejects.toThrow('closed');
  });

  it('reports a failing handler to onError and keeps the subscription', async () => {
    const errors: Error[] = [];
    const bus = await connectTo(url, { onError: (err) => errors.push(err) });
    try {
      const subject = `relaydesk.test.on-error.${randomUUID()}`;
      const received: unknown[] = [];
      bus.subscribe(subject, (p) => {
        received.push(p);
        throw new Error('sync bug');
      });
      await bus.ping();
      await bus.publish(subject, 1);
      await bus.publish(subject, 2);
      await eventually(async () => errors.length === 2, 'two reported errors');
      expect(received).toEqual([1, 2]);
      expect(errors[0]?.message).toBe(`bus handler failed on ${subject}`);
    } finally {
      await bus.close();
    }
  });
});

interface Proxy {
  port: number;
  stop(): Promise<void>;
}

/** A TCP relay to the NATS server that the test can cut, to simulate an outage on loopback. */
async function startProxy(host: string, targetPort: number, port = 0): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, host);
    sockets.add(client);
    sockets.add(upstream);
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** A loopback port that was just free: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Re-checks a condition every 20 ms until it holds, failing after `ms`. */
async function eventually(condition: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
