import type { WebSocket } from 'ws';
import type { Department } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';

/** One followed conversation on one socket: how far it has been delivered, and its delivery queue. */
export interface Subscription {
  conversationId: string;
  customerId: string;
  /** Highest seq this socket has been sent (or skipped, for notes a customer may not see). */
  lastSeq: number;
  /** Deliveries run one after another so frames leave in seq order. */
  chain: Promise<void>;
}

export interface FrameBudget {
  perSecond: number;
  burst: number;
}

/** A websocket client: who it is, what it follows, and its outbound back-pressure guard. */
export class Connection {
  principal: Principal | null = null;
  readonly subscriptions = new Map<string, Subscription>();
  readonly queues = new Set<Department>();
  alive = true;
  closed = false;
  private tokens: number;
  private refilledAt = Date.now();
  /** Inbound frames run one after another, in the order the client sent them. */
  private inbound: Promise<void> = Promise.resolve();
  private pendingFrames = 0;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (connection: Connection) => void,
    private budget: FrameBudget,
  ) {
    this.tokens = budget.burst;
  }

  /**
   * Send a frame, unless the client is not reading fast enough: then it is disconnected (it
   * resumes with afterSeq when it reconnects) so that its backlog never grows without bound.
   */
  send(frame: object): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.onOverflow(this);
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /**
   * Switch budgets once the socket has authenticated: a larger burst is granted at once (what was
   * spent before sign-in still counts), a smaller one caps what is left.
   */
  setBudget(budget: FrameBudget): void {
    const extra = Math.max(0, budget.burst - this.budget.burst);
    this.budget = budget;
    this.tokens = Math.min(budget.burst, this.tokens + extra);
  }

  /**
   * Queue the handling of an inbound frame behind the ones before it, so two messages sent in a
   * row get their seqs in that order. False (nothing queued) when `maxPending` frames already wait.
   */
  enqueueInbound(work: () => Promise<void>, maxPending: number): boolean {
    if (this.pendingFrames >= maxPending) return false;
    this.pendingFrames += 1;
    // `work` reports its own failures to the client; a rejection must not stall the frames behind it.
    this.inbound = this.inbound
      .then(work)
      .catch(() => undefined)
      .finally(() => {
        this.pendingFrames -= 1;
      });
    return true;
  }

  /** Token bucket for inbound frames; false means the frame is refused. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.budget.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.budget.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
