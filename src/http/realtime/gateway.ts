import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { listMessages } from '../../app/conversations/list-messages.ts';
import { loadConversationFor } from '../../app/conversations/access.ts';
import { markRead } from '../../app/conversations/mark-read.ts';
import { postMessage } from '../../app/conversations/post-message.ts';
import { agentDisconnected, setPresence } from '../../app/routing/set-presence.ts';
import type { AppDeps } from '../../app/deps.ts';
import { isWireEvent, type WireEvent, type WireMessage } from '../../app/events/wire-event.ts';
import { clientFrame, type ClientFrame } from '../../contracts/realtime.ts';
import { audienceOf } from '../../core/conversations/audience.ts';
import { signalAudience, type Signal } from '../../core/conversations/signals.ts';
import type { Department } from '../../core/conversations/types.ts';
import { DomainError, errorCatalogue, type ErrorCode } from '../../core/errors.ts';
import { can, type AgentPrincipal, type Principal } from '../../core/identity/roles.ts';
import { busSubjects, type Unsubscribe } from '../../ports/bus.ts';
import type { Metrics } from '../metrics.ts';
import { presentConversation, presentMessage } from '../presenters.ts';
import { Connection, type FrameBudget, type Subscription } from './connection.ts';
import { customerView } from './views.ts';

export interface GatewayOptions {
  maxBufferedBytes: number;
  heartbeatMs: number;
  /** A socket that has not authenticated by then is closed. */
  authTimeoutMs: number;
  visitorBudget: FrameBudget;
  signedInBudget: FrameBudget;
}

/** Close codes the gateway uses (4xxx: application codes, documented in docs/api.md). */
export const closeCodes = {
  goingAway: 1001,
  slowConsumer: 4008,
  unauthenticated: 4401,
  heartbeatMissed: 4002,
} as const;

const REPLAY_PAGE = 500;
/** Frames of one socket waiting to be handled; beyond this the client is told to slow down. */
const MAX_PENDING_FRAMES = 64;

/**
 * The websocket gateway at /ws. Clients join rooms by explicit frames (a conversation, a queue);
 * committed events arrive from the bus, from this node and others alike, and go to the rooms the
 * core's audience function names. Each socket receives a conversation's messages once, in seq
 * order, without gaps: a missed notification is filled from the database.
 */
export class RealtimeGateway {
  private readonly connections = new Set<Connection>();
  private readonly byConversation = new Map<string, Set<Connection>>();
  private readonly byQueue = new Map<Department, Set<Connection>>();
  private readonly agents = new Set<Connection>();
  private unsubscribes: Unsubscribe[] = [];
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly metrics: Metrics,
    private readonly logger: FastifyBaseLogger,
    private readonly options: GatewayOptions,
  ) {}

  start(): void {
    this.unsubscribes = [
      this.deps.bus.subscribe(busSubjects.conversationEvents, (payload) => {
        if (isWireEvent(payload)) this.onEvent(payload);
      }),
      this.deps.bus.subscribe(busSubjects.signals, (payload) => this.onSignal(payload as Signal)),
    ];
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Close every socket with "going away"; clients reconnect elsewhere and resume by seq. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.socket.close(closeCodes.goingAway, 'server shutting down');
  }

  get size(): number {
    return this.connections.size;
  }

  /** A new socket. Agents are known from their session cookie; customers send an `auth` frame. */
  accept(socket: WebSocket, request: FastifyRequest): void {
    const connection = new Connection(
      randomUUID(),
      socket,
      this.options.maxBufferedBytes,
      (c) => this.drop(c, closeCodes.slowConsumer, 'slow consumer', 'slow_consumer'),
      this.options.visitorBudget,
    );
    this.connections.add(connection);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data: RawData, isBinary: boolean) => void this.onFrame(connection, data, isBinary));
    socket.on('close', () => this.forget(connection));
    socket.on('error', () => this.forget(connection));
    if (request.principal?.kind === 'agent') this.authenticate(connection, request.principal);
    else {
      setTimeout(() => {
        if (!connection.principal && !connection.closed) {
          this.drop(connection, closeCodes.unauthenticated, 'authenticate first', 'auth_timeout');
        }
      }, this.options.authTimeoutMs).unref();
    }
  }

  private authenticate(connection: Connection, principal: Principal): void {
    connection.principal = principal;
    const visitor = principal.kind === 'customer' && principal.visitor;
    connection.setBudget(visitor ? this.options.visitorBudget : this.options.signedInBudget);
    if (principal.kind === 'agent') this.agents.add(connection);
    this.metrics.wsConnections.inc({ kind: principal.kind });
    connection.send({
      type: 'ready',
      principal: principal.kind === 'agent'
        ? { kind: 'agent', id: principal.agentId, name: principal.name }
        : { kind: 'customer', id: principal.customerId, visitor: principal.visitor },
      heartbeatMs: this.options.heartbeatMs,
    });
  }

  private onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    if (!connection.take()) return this.error(connection, 'rate_limited');
    // Each frame waits its turn behind the earlier ones: messages get their seqs in send order.
    const queued = connection.enqueueInbound(() => this.handleFrame(connection, data, isBinary), MAX_PENDING_FRAMES);
    if (!queued) this.error(connection, 'rate_limited', 'Too many frames waiting; wait for replies');
  }

  private async handleFrame(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return this.error(connection, 'validation_failed', 'Send JSON text frames');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return this.error(connection, 'invalid_json');
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((i) => i.message.startsWith('message_too_long'));
      return this.error(connection, tooLong ? 'message_too_long' : 'validation_failed', undefined, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), refOf(json));
    }
    const frame = parsed.data;
    try {
      await this.dispatch(connection, frame);
    } catch (err) {
      if (err instanceof DomainError) return this.error(connection, err.code, err.message, err.details, refOfFrame(frame));
      this.logger.error({ err }, 'websocket frame failed');
      return this.error(connection, 'internal', undefined, undefined, refOfFrame(frame));
    }
  }

  private async dispatch(connection: Connection, frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') {
      connection.send({ type: 'pong', id: frame.id });
      return;
    }
    if (frame.type === 'auth') {
      if (connection.principal) throw new DomainError('validation_failed', 'Already authenticated');
      this.authenticate(connection, await this.deps.customerTokens.verify(frame.token));
      return;
    }
    const principal = connection.principal;
    if (!principal) throw new DomainError('unauthenticated', 'Send an auth frame first');
    switch (frame.type) {
      case 'subscribe':
        return this.subscribe(connection, principal, frame.conversationId, frame.afterSeq);
      case 'unsubscribe':
        this.unsubscribe(connection, frame.conversationId);
        connection.send({ type: 'unsubscribed', conversationId: frame.conversationId });
        return;
      case 'subscribe_queue':
      case 'unsubscribe_queue':
        if (!can(principal, 'conversation.read')) throw new DomainError('forbidden');
        return this.toggleQueue(connection, frame.department, frame.type === 'subscribe_queue');
      case 'message': {
        const result = await postMessage(this.deps, principal, frame);
        if (!result.duplicate) this.metrics.messages.inc({ author: principal.kind });
        connection.send({
          type: 'ack',
          conversationId: frame.conversationId,
          clientMsgId: frame.clientMsgId,
          messageId: result.message.id,
          seq: result.message.seq,
          duplicate: result.duplicate,
        });
        return;
      }
      case 'typing': {
        const subscription = this.requireSubscription(connection, frame.conversationId);
        const author = principal.kind === 'agent'
          ? { kind: 'agent' as const, id: principal.agentId }
          : { kind: 'customer' as const, id: principal.customerId };
        const signal: Signal = { type: 'typing', conversationId: frame.conversationId, customerId: subscription.customerId, author, isTyping: frame.isTyping };
        await this.deps.bus.publish(busSubjects.signals, signal);
        return;
      }
      case 'read':
        await markRead(this.deps, principal, frame.conversationId, frame.seq);
        return;
      case 'presence': {
        if (principal.kind !== 'agent') throw new DomainError('forbidden', 'Only agents have presence');
        await setPresence(this.deps, principal, frame.status);
        return;
      }
    }
  }

  private requireSubscription(connection: Connection, conversationId: string): Subscription {
    const subscription = connection.subscriptions.get(conversationId);
    if (!subscription) throw new DomainError('validation_failed', 'Subscribe to the conversation first');
    return subscription;
  }

  /**
   * Join a conversation's room, then replay what the client missed. Joining first means no
   * message can fall between the replay query and the live feed; the seq check drops overlaps.
   */
  private async subscribe(connection: Connection, principal: Principal, conversationId: string, afterSeq: number | undefined): Promise<void> {
    const conversation = await loadConversationFor(this.deps, principal, conversationId);
    const already = connection.subscriptions.has(conversationId);
    this.unsubscribe(connection, conversationId, already);
    const subscription: Subscription = {
      conversationId,
      customerId: conversation.customerId,
      lastSeq: afterSeq ?? conversation.lastSeq,
      chain: Promise.resolve(),
    };
    connection.subscriptions.set(conversationId, subscription);
    let room = this.byConversation.get(conversationId);
    if (!room) this.byConversation.set(conversationId, (room = new Set()));
    room.add(connection);
    if (principal.kind === 'agent') {
      // Who else has it open on this node; viewers on other nodes arrive as `viewing` signals.
      const viewers = [...room].flatMap((other) => (other !== connection && other.principal?.kind === 'agent' && other.principal.agentId !== principal.agentId
        ? [{ agentId: other.principal.agentId, name: other.principal.name }] : []));
      connection.send({ type: 'subscribed', conversation: presentConversation(conversation), lastSeq: conversation.lastSeq, viewers: uniqueBy(viewers, (v) => v.agentId) });
      if (!already) this.announceViewing(principal, conversationId, true);
    } else {
      connection.send({ type: 'subscribed', conversation: customerView(conversation), lastSeq: conversation.lastSeq });
    }
    if (afterSeq === undefined) return;
    await this.enqueue(subscription, () => this.catchUp(connection, subscription, Number.POSITIVE_INFINITY));
    connection.send({ type: 'replay_done', conversationId, lastSeq: subscription.lastSeq });
  }

  private unsubscribe(connection: Connection, conversationId: string, resubscribing = false): void {
    const was = connection.subscriptions.delete(conversationId);
    const room = this.byConversation.get(conversationId);
    room?.delete(connection);
    if (room?.size === 0) this.byConversation.delete(conversationId);
    const principal = connection.principal;
    if (was && !resubscribing && principal?.kind === 'agent') this.announceViewing(principal, conversationId, false);
  }

  private announceViewing(agent: AgentPrincipal, conversationId: string, viewing: boolean): void {
    const signal: Signal = { type: 'viewing', conversationId, agentId: agent.agentId, name: agent.name, viewing };
    this.deps.bus.publish(busSubjects.signals, signal).catch(() => undefined);
  }

  private toggleQueue(connection: Connection, department: Department, on: boolean): void {
    let room = this.byQueue.get(department);
    if (on) {
      if (!room) this.byQueue.set(department, (room = new Set()));
      room.add(connection);
      connection.queues.add(department);
      connection.send({ type: 'subscribed', queue: department });
    } else {
      room?.delete(connection);
      connection.queues.delete(department);
      connection.send({ type: 'unsubscribed', queue: department });
    }
  }

  private enqueue(subscription: Subscription, work: () => Promise<void>): Promise<void> {
    subscription.chain = subscription.chain.then(work).catch((err: unknown) => {
      this.logger.warn({ err, conversationId: subscription.conversationId }, 'delivery failed');
    });
    return subscription.chain;
  }

  /** Send every message after the subscription's lastSeq up to `untilSeq`, from the database. */
  private async catchUp(connection: Connection, subscription: Subscription, untilSeq: number): Promise<void> {
    const principal = connection.principal;
    if (!principal) return;
    for (;;) {
      const { conversation, messages } = await listMessages(this.deps, principal, subscription.conversationId, subscription.lastSeq, REPLAY_PAGE);
      for (const message of messages) {
        if (message.seq > untilSeq) return;
        if (!connection.send({ type: 'message', message: presentMessage(message) })) return;
        subscription.lastSeq = message.seq;
      }
      if (messages.length < REPLAY_PAGE) {
        // Customers skip internal notes: move past their seqs too, so the next message is no "gap".
        subscription.lastSeq = Math.max(subscription.lastSeq, Math.min(untilSeq, conversation.lastSeq));
        return;
      }
    }
  }

  private deliver(connection: Connection, subscription: Subscription, message: WireMessage, visible: boolean): void {
    void this.enqueue(subscription, async () => {
      if (message.seq <= subscription.lastSeq) return;
      if (message.seq > subscription.lastSeq + 1) await this.catchUp(connection, subscription, message.seq - 1);
      if (message.seq <= subscription.lastSeq) return;
      if (visible && !connection.send({ type: 'message', message })) return;
      subscription.lastSeq = message.seq;
    });
  }

  private onEvent(event: WireEvent): void {
    const audience = audienceOf(event);
    const conversation = event.conversation;
    const room = this.byConversation.get(event.conversationId);
    if (event.payload.type === 'conversation.message_posted' && event.message) {
      for (const connection of room ?? []) {
        const subscription = connection.subscriptions.get(event.conversationId);
        const principal = connection.principal;
        if (!subscription || !principal) continue;
        const visible = principal.kind === 'agent' ? audience.conversationAgents : audience.customer;
        this.deliver(connection, subscription, event.message, visible);
      }
    } else {
      const agentFrame = { type: 'conversation', conversation, event: event.payload };
      const customerFrame = { type: 'conversation', conversation: customerView(conversation), event: customerEvent(event) };
      for (const connection of room ?? []) {
        if (connection.principal?.kind === 'agent' && audience.conversationAgents) connection.send(agentFrame);
        else if (connection.principal?.kind === 'customer' && audience.customer) connection.send(customerFrame);
      }
    }
    if (!audience.queueAgents) return;
    const departments = new Set<Department>([conversation.department]);
    if (event.payload.type === 'conversation.transferred') departments.add(event.payload.from.department);
    const queueFrame = { type: 'conversation', conversation, event: summary(event) };
    for (const department of departments) {
      for (const connection of this.byQueue.get(department) ?? []) {
        if (!room?.has(connection)) connection.send(queueFrame);
      }
    }
  }

  private onSignal(signal: Signal): void {
    const audience = signalAudience(signal);
    const targets = audience.allAgents
      ? this.agents
      : (this.byConversation.get(audience.conversationId ?? '') ?? new Set<Connection>());
    const sender = signal.type === 'read' ? signal.reader
      : signal.type === 'typing' ? signal.author
        : signal.type === 'viewing' ? { kind: 'agent' as const, id: signal.agentId }
          : null;
    for (const connection of targets) {
      const principal = connection.principal;
      if (!principal) continue;
      if (principal.kind === 'customer' && principal.customerId !== audience.customerId) continue;
      if (sender && principal.kind === sender.kind && (principal.kind === 'agent' ? principal.agentId : principal.customerId) === sender.id) continue;
      connection.send(signal);
    }
  }

  private beat(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.drop(connection, closeCodes.heartbeatMissed, 'heartbeat missed', 'heartbeat');
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  private error(connection: Connection, code: ErrorCode, message?: string, details?: unknown, ref?: string): void {
    connection.send({ type: 'error', code, message: message ?? errorCatalogue[code].message, details, ref });
  }

  private drop(connection: Connection, code: number, reason: string, metric: string): void {
    if (connection.closed) return;
    this.metrics.wsDisconnects.inc({ reason: metric });
    this.forget(connection);
    connection.socket.close(code, reason);
    // A client that does not answer the close handshake is cut off.
    setTimeout(() => connection.socket.terminate(), 2_000).unref();
  }

  private forget(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    this.agents.delete(connection);
    for (const conversationId of connection.subscriptions.keys()) this.unsubscribe(connection, conversationId);
    for (const department of connection.queues) this.byQueue.get(department)?.delete(connection);
    const principal = connection.principal;
    if (!principal) return;
    this.metrics.wsConnections.dec({ kind: principal.kind });
    if (principal.kind === 'agent' && ![...this.agents].some((c) => c.principal?.kind === 'agent' && c.principal.agentId === principal.agentId)) {
      // Away at once (no new chats), offline after ROUTING_AWAY_TO_OFFLINE_MS unless they return.
      agentDisconnected(this.deps, principal).catch(() => undefined);
    }
  }
}

/** What a customer learns of an event: its type, and which of their messages the secrets guard rewrote. */
function customerEvent(event: WireEvent): { type: string; seq?: number; redactedSeqs?: number[] } {
  return event.payload.type === 'conversation.secret_redacted'
    ? { type: event.payload.type, seq: event.payload.seq, redactedSeqs: event.payload.redactedSeqs }
    : { type: event.payload.type };
}

function summary(event: WireEvent): { type: string; seq?: number } {
  return event.payload.type === 'conversation.message_posted'
    ? { type: event.payload.type, seq: event.payload.seq }
    : { type: event.payload.type };
}

function refOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const ref = (json as { clientMsgId?: unknown }).clientMsgId;
  return typeof ref === 'string' ? ref.slice(0, 100) : undefined;
}

function refOfFrame(frame: ClientFrame): string | undefined {
  return frame.type === 'message' ? frame.clientMsgId : undefined;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}
