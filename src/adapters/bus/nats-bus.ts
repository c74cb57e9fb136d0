/*
 * NATS core pub/sub is at-most-once: the server keeps nothing for a subscriber that is away, so a
 * message published while a node is disconnected never reaches it, and what this node published
 * during an outage waits in the client's memory and dies with the process. That is fine here
 * because the bus is a notifier, not a log: every payload was committed to PostgreSQL before it was
 * published, a client that missed a notification catches up from the store by `seq`, and the
 * outbox sweep republishes events whose notification may not have gone out. JetStream is not used
 * (docs/decisions/002-nats-as-notifier.md).
 */
import { connect, DebugEvents, Events, JSONCodec, type NatsConnection } from 'nats';
import type { Bus, Unsubscribe } from '../../ports/bus.ts';
import { encodeJson, reportToConsole, runHandler } from './handlers.ts';

/** How to reach NATS and whom to tell about trouble. */
export interface NatsBusOptions {
  /** Server URL, or several separated by commas (`nats://a:4222,nats://b:4222`). */
  url: string;
  /** Connection name shown by the server's monitoring (e.g. the node id). */
  name?: string;
  /** Asynchronous errors: server errors, failing handlers, undecodable payloads. Defaults to console.error. */
  onError?: (err: Error) => void;
  /** Connection changes: `disconnect`, `reconnecting`, `reconnect`, `staleConnection`, `ldm`, `update`. */
  onStatus?: (status: string) => void;
  /** How long connecting, ping() and close() each wait for the server, in ms (default 2000). */
  timeoutMs?: number;
  /** Pause between reconnect attempts once running, in ms, plus up to as much again in jitter (default 1000). */
  reconnectWaitMs?: number;
}


const codec = JSONCodec();

/**
 * Connects to NATS and returns the cluster mode's bus. Rejects at once if the first connection
 * fails, so a misconfigured node stops at boot; once connected it reconnects for ever.
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  const report = options.onError ?? reportToConsole;
  const timeoutMs = options.timeoutMs ?? 2000;
  const reconnectWaitMs = options.reconnectWaitMs ?? 1000;
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.url.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
      ...(options.name === undefined ? {} : { name: options.name }),
      timeout: timeoutMs,
      // The first failure is final (waitOnFirstConnect false removes the server at once); after
      // one success, -1 means never give up: NATS coming back must not need a node restart.
      waitOnFirstConnect: false,
      maxReconnectAttempts: -1,
      reconnectTimeWait: reconnectWaitMs,
      // Spreads a whole cluster's reconnects after a NATS restart instead of a thundering herd.
      reconnectJitter: reconnectWaitMs,
      // The default (2 min x 2 pings) takes 4 minutes to notice a half-open TCP connection.
      pingInterval: 10_000,
      maxPingOut: 3,
    });
  } catch (err) {
    throw new Error(`cannot connect to NATS at ${redactUrl(options.url)}: ${messageOf(err)}`, { cause: err });
  }

  void watchConnection(nc, options.onStatus, report);
  let closing: Promise<void> | undefined;

  async function shutDown(): Promise<void> {
    if (nc.isClosed()) return;
    try {
      // drain() flushes with a PING round trip, which never completes while the server is away:
      // bound it so a graceful shutdown does not hang on a NATS outage.
      await withTimeout(nc.drain(), timeoutMs, 'NATS drain');
    } catch {
      await nc.close();
    }
  }

  return {
    async publish(subject, payload) {
      if (closing) throw new Error('NATS bus is closed');
      // While reconnecting the client buffers publications and sends them on reconnect.
      nc.publish(subject, new TextEncoder().encode(encodeJson(payload)));
    },

    subscribe(subject, handler): Unsubscribe {
      if (closing) throw new Error('NATS bus is closed');
      let active = true;
      const subscription = nc.subscribe(subject, {
        // A callback rather than the async iterator: the client calls it straight from its socket
        // reader, in arrival order, without another queue. It must never throw: an exception here
        // ends the client's reader loop and silently stops every subscription on the connection.
        callback: (err, msg) => {
          if (err) {
            report(new Error(`NATS subscription on ${subject} failed`, { cause: err }));
            return;
          }
          if (!active) return;
          let payload: unknown;
          try {
            payload = codec.decode(msg.data);
          } catch (decodeError) {
            report(new Error(`undecodable bus payload on ${subject}`, { cause: decodeError }));
            return;
          }
          runHandler(subject, handler, payload, report);
        },
      });
      return () => {
        if (!active) return;
        active = false;
        if (!nc.isClosed()) subscription.unsubscribe();
      };
    },

    async ping() {
      if (closing || nc.isClosed()) throw new Error('NATS bus is closed');
      try {
        // rtt() rejects at once while disconnected; the timeout covers a connection that the client
        // still believes is up but that no longer answers.
        await withTimeout(nc.rtt(), timeoutMs, 'NATS ping');
      } catch (err) {
        throw new Error(`NATS not reachable: ${messageOf(err)}`, { cause: err });
      }
    },

    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}

async function watchConnection(
  nc: NatsConnection,
  onStatus: ((status: string) => void) | undefined,
  report: (err: Error) => void,
): Promise<void> {
  void nc.closed().then((err) => {
    if (err) report(new Error('NATS connection closed with an error', { cause: err }));
  });
  try {
    for await (const status of nc.status()) {
      if (status.type === Events.Error) {
        report(new Error(`NATS error: ${String(status.data)}`));
      } else if (status.type !== DebugEvents.PingTimer) {
        // Our keep-alive pings are routine; everything else is worth a log line or a metric.
        onStatus?.(status.type);
      }
    }
  } catch (err) {
    report(new Error('NATS status watch failed', { cause: err }));
  }
}





async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Credentials may sit in the URL (`nats://user:pass@host`); error messages end up in logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/g, '//***@');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

