/**
 * A websocket client for tests, over the `ws` package: connect to a platform's /ws (optionally
 * with an agent's session cookie), send frames, and wait for the frame a test expects. Frames
 * that arrive before anyone waits for them are buffered, so a test never misses one; every wait
 * is bounded and fails with the frames it saw instead of hanging.
 */
import { WebSocket, type RawData } from 'ws';

/** A frame as the server sent it (JSON object with a `type`). */
export type Frame = { type: string } & Record<string, unknown>;

export type FramePredicate = (frame: Frame) => boolean;

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  /** A Cookie header, e.g. an agent's `rd_session=...`. */
  cookie?: string;
  /** Path of the gateway; `/ws` unless told. */
  path?: string;
  timeoutMs?: number;
}

interface Waiter {
  predicate: FramePredicate;
  resolve: (frame: Frame) => void;
  reject: (err: Error) => void;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** Match frames by type and, optionally, by a few top-level fields. */
export function frameOf(type: string, fields: Record<string, unknown> = {}): FramePredicate {
  return (frame) => frame.type === type && Object.entries(fields).every(([key, value]) => frame[key] === value);
}

/** A `message` frame of one conversation (any seq, or the one given). */
export function messageFrame(conversationId: string, seq?: number): FramePredicate {
  return (frame) => {
    if (frame.type !== 'message') return false;
    const message = frame.message as { conversationId?: unknown; seq?: unknown } | undefined;
    return message?.conversationId === conversationId && (seq === undefined || message.seq === seq);
  };
}

export class TestSocket {
  /** Every frame received, in arrival order (whether or not a test consumed it). */
  readonly frames: Frame[] = [];
  /** Resolves when the socket closes, with the code and reason the client saw. */
  readonly closed: Promise<CloseInfo>;
  private readonly unread: Frame[] = [];
  private readonly waiters = new Set<Waiter>();
  private closeInfo: CloseInfo | null = null;
  private pings = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData) => this.receive(data));
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString() };
        for (const waiter of this.waiters) waiter.reject(new Error(`socket closed (${code}) while waiting; unread: ${this.describeUnread()}`));
        this.waiters.clear();
        resolve(this.closeInfo);
      });
    });
    // Errors (e.g. a reset after terminate) are followed by 'close'; without a listener they would throw.
    ws.on('error', () => undefined);
  }

  /** Open a socket to `baseUrl` (`http://127.0.0.1:port`); resolves once the handshake is done. */
  static connect(baseUrl: string, options: ConnectOptions = {}): Promise<TestSocket> {
    const url = new URL(options.path ?? '/ws', baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ws = new WebSocket(url, {
      headers: options.cookie ? { cookie: options.cookie } : {},
      handshakeTimeout: timeoutMs,
    });
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`websocket upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Send a frame: objects as JSON text, strings and buffers as they are (for malformed input). */
  send(frame: object | string | Buffer): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /**
   * The first frame (buffered or yet to come) that matches, removed from the unread buffer.
   * Rejects after `timeoutMs`, or as soon as the socket closes.
   */
  next(predicate: FramePredicate, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
    const index = this.unread.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0] as Frame);
    if (this.closeInfo) return Promise.reject(new Error(`socket already closed (${this.closeInfo.code}); unread: ${this.describeUnread()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms; unread: ${this.describeUnread()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Send a frame and wait for the answer that matches. */
  async request(frame: object | string | Buffer, predicate: FramePredicate, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
    const answer = this.next(predicate, timeoutMs);
    this.send(frame);
    return answer;
  }

  /** Wait for `count` frames that match, in order. */
  async take(predicate: FramePredicate, count: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame[]> {
    const taken: Frame[] = [];
    for (let i = 0; i < count; i += 1) taken.push(await this.next(predicate, timeoutMs));
    return taken;
  }

  /**
   * A round trip (ping/pong): once it returns, every frame the server sent before answering has
   * been received. Lets a test assert that something did *not* arrive without sleeping.
   */
  async sync(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const id = `sync-${(this.pings += 1)}`;
    await this.request({ type: 'ping', id }, frameOf('pong', { id }), timeoutMs);
  }

  /** Received frames that match (consumed or not). */
  received(predicate: FramePredicate): Frame[] {
    return this.frames.filter(predicate);
  }

  /** Stop reading from the TCP socket: the server's unsent data piles up (slow consumer). */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Wait for the server to close the socket (bounded). */
  async waitClosed(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Close from the client side; cut the connection if the server does not answer in time. */
  async close(timeoutMs = 2_000): Promise<CloseInfo> {
    if (this.closeInfo) return this.closeInfo;
    this.ws.close(1000, 'test done');
    try {
      return await this.waitClosed(timeoutMs);
    } catch {
      this.ws.terminate();
      return this.closed;
    }
  }

  private receive(data: RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      frame = { type: '(not json)', text };
    }
    this.frames.push(frame);
    for (const waiter of this.waiters) {
      if (waiter.predicate(frame)) {
        this.waiters.delete(waiter);
        waiter.resolve(frame);
        return;
      }
    }
    this.unread.push(frame);
  }

  private describeUnread(): string {
    const shown = this.unread.slice(-10).map((frame) => JSON.stringify(frame).slice(0, 160));
    return shown.length ? shown.join(' | ') : '(none)';
  }
}
