import { and, desc, eq, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { DomainError } from '../../core/errors.ts';
import type { Actor, ConversationEvent, ConversationEventPayload } from '../../core/conversations/events.ts';
import { applyPatch, type Decision } from '../../core/conversations/lifecycle.ts';
import type { Conversation, Message } from '../../core/conversations/types.ts';
import { JobLeaseLost, type JobDraft, type JobLease } from '../../ports/jobs.ts';
import type {
  Agent,
  AgentSession,
  ApplyOptions,
  CommittedMessage,
  ConversationFilter,
  CustomerProfile,
  NewConversation,
  NewMessage,
  Store,
} from '../../ports/store.ts';
import { enqueueJobs, completeJobIn } from './sql-job-queue.ts';
import {
  conversationColumns,
  messageColumns,
  toAgent,
  toConversation,
  toEvent,
  toMessage,
  type AgentRow,
  type ConversationRow,
  type EventRow,
  type MessageRow,
} from './rows.ts';
import * as schema from './schema.ts';
import { appendMessageSql, createConversationSql } from './sql-statements.ts';
import { isUniqueViolation, type Database, type SqlClient } from './sql-client.ts';

type AppendRow = Partial<ConversationRow> & { existing_id: string | null; event_ids: string[] | null };

/** The Store port over PostgreSQL SQL, shared by the PGlite and `pg` adapters. */
export class SqlStore implements Store {
  constructor(private readonly db: Database) {}

  async createConversation(input: NewConversation): Promise<CommittedMessage> {
    const conversation: Conversation = {
      id: input.id,
      customerId: input.customerId,
      channel: input.channel,
      state: input.state,
      department: input.department,
      language: input.language,
      priority: input.priority,
      assigneeId: null,
      subject: input.subject,
      lastSeq: 1,
      version: 1,
      createdAt: input.now,
      updatedAt: input.now,
      resolvedAt: null,
      closedAt: null,
    };
    const message: Message = {
      id: input.firstMessage.id,
      conversationId: input.id,
      seq: 1,
      clientMsgId: input.firstMessage.clientMsgId,
      authorKind: 'customer',
      authorId: input.customerId,
      body: input.firstMessage.body,
      visibility: 'public',
      metadata: input.firstMessage.metadata ?? null,
      createdAt: input.now,
    };
    const payloads: ConversationEventPayload[] = [
      { type: 'conversation.created', conversation },
      { type: 'conversation.message_posted', messageId: message.id, seq: 1, authorKind: 'customer', visibility: 'public' },
    ];
    const params = [
      input.id, input.customerId, input.channel, input.state, input.department, input.language,
      input.priority, input.subject, message.id, message.clientMsgId, message.body,
      JSON.stringify(payloads), input.now, input.customerId.startsWith('visitor:'),
      message.metadata === null ? null : JSON.stringify(message.metadata), jobsParam(input.jobs),
    ];
    const row = await this.retryOnUniqueRace(() => this.db.sql.query<{ existing_id: string | null; event_ids: string[] | null }>(createConversationSql, params));
    if (row?.existing_id) {
      const existing = await this.getConversation(row.existing_id);
      const first = existing ? await this.messageBySeq(existing.id, 1) : null;
      if (!existing || !first) throw new DomainError('conflict');
      return { conversation: existing, message: first, events: [], duplicate: true };
    }
    const actor: Actor = { kind: 'customer', id: input.customerId };
    const events = committedEvents(payloads, row?.event_ids ?? [], actor, input.now, conversation, message);
    return { conversation, message, events, duplicate: false };
  }

  async appendMessage(
    input: NewMessage,
    current: Conversation,
    decision: Decision,
    actor: Actor,
  ): Promise<CommittedMessage> {
    const expectedVersion = current.version;
    const changes = decision.events.length > 0 || Object.keys(decision.patch).length > 0;
    const next = changes ? applyPatch(current, decision.patch, input.now) : current;
    const params = [
      input.conversationId, input.clientMsgId, input.id, input.authorKind, input.authorId, input.body,
      input.visibility, JSON.stringify(decision.events), input.now, next.state, next.department,
      next.language, next.priority, next.assigneeId, next.resolvedAt, next.closedAt,
      changes ? expectedVersion + 1 : expectedVersion, expectedVersion, actor.kind, actor.id,
      input.metadata === null ? null : JSON.stringify(input.metadata), jobsParam(input.jobs),
    ];
    const row = await this.retryOnUniqueRace(() => this.db.sql.query<AppendRow>(appendMessageSql, params));
    if (row?.existing_id) {
      const message = await this.findMessageByClientMsgId(input.conversationId, input.clientMsgId);
      const conversation = await this.getConversation(input.conversationId);
      if (!message || !conversation) throw new DomainError('conflict');
      return { conversation, message, events: [], duplicate: true };
    }
    if (!row?.id) throw new DomainError('conflict');
    const conversation = toConversation(row as ConversationRow);
    const message: Message = {
      id: input.id,
      conversationId: input.conversationId,
      seq: conversation.lastSeq,
      clientMsgId: input.clientMsgId,
      authorKind: input.authorKind,
      authorId: input.authorId,
      body: input.body,
      visibility: input.visibility,
      metadata: input.metadata,
      createdAt: input.now,
    };
    const payloads: ConversationEventPayload[] = [
      {
        type: 'conversation.message_posted',
        messageId: message.id,
        seq: message.seq,
        authorKind: message.authorKind,
        visibility: message.visibility,
      },
      ...decision.events,
    ];
    const events = committedEvents(payloads, row.event_ids ?? [], actor, input.now, conversation, message);
    return { conversation, message, events, duplicate: false };
  }

  async applyDecision(
    conversationId: string,
    expectedVersion: number,
    decision: Decision,
    actor: Actor,
    now: Date,
    options: ApplyOptions = {},
  ): Promise<{ conversation: Conversation; events: ConversationEvent[] }> {
    return this.db.transaction(async (tx) => {
      const [currentRow] = await tx.query<ConversationRow>(
        `SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`,
        [conversationId],
      );
      if (!currentRow) throw new DomainError('not_found');
      const current = toConversation(currentRow);
      if (current.version !== expectedVersion) throw new DomainError('conflict');
      let conversation = current;
      const events: ConversationEvent[] = [];
      if (decision.events.length > 0 || Object.keys(decision.patch).length > 0) {
        conversation = applyPatch(current, decision.patch, now);
        await tx.query(
          `UPDATE conversations SET state = $2, department = $3, language = $4, priority = $5,
             assignee_id = $6, resolved_at = $7, closed_at = $8, version = $9, updated_at = $10
           WHERE id = $1`,
          [
            conversationId, conversation.state, conversation.department, conversation.language,
            conversation.priority, conversation.assigneeId, conversation.resolvedAt,
            conversation.closedAt, conversation.version, now,
          ],
        );
        for (const payload of decision.events) {
          const [row] = await tx.query<{ id: string }>(
            `INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
            [conversationId, payload.type, actor.kind, actor.id, JSON.stringify(payload), now],
          );
          events.push({ id: row?.id ?? '', conversationId, actor, payload, occurredAt: now, conversation });
        }
      }
      if (options.jobs?.length) await enqueueJobs(tx, options.jobs);
      if (options.completesJob) await this.completeOrAbort(tx, options.completesJob, now);
      return { conversation, events };
    });
  }

  private async completeOrAbort(tx: SqlClient, lease: JobLease, now: Date): Promise<void> {
    // Losing the lease means another worker owns the job now: roll the effect back.
    if (!(await completeJobIn(tx, lease, now))) throw new JobLeaseLost(lease.id);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.sql.query<ConversationRow>(
      `SELECT ${conversationColumns} FROM conversations WHERE id = $1`,
      [id],
    );
    return row ? toConversation(row) : null;
  }

  async listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    const c = schema.conversations;
    const where: SQL[] = [];
    if (filter.customerId !== undefined) where.push(eq(c.customerId, filter.customerId));
    if (filter.states?.length) where.push(inArray(c.state, filter.states));
    if (filter.department) where.push(eq(c.department, filter.department));
    if (filter.language) where.push(eq(c.language, filter.language));
    if (filter.assigneeId === null) where.push(isNull(c.assigneeId));
    else if (filter.assigneeId !== undefined) where.push(eq(c.assigneeId, filter.assigneeId));
    if (filter.before) where.push(lt(c.id, filter.before));
    const rows = await this.db.drizzle
      .select()
      .from(c)
      .where(and(...where))
      .orderBy(desc(c.id))
      .limit(filter.limit);
    return rows.map((row) => ({
      ...row,
      channel: row.channel as Conversation['channel'],
      state: row.state as Conversation['state'],
      department: row.department as Conversation['department'],
      language: row.language as Conversation['language'],
      priority: row.priority as Conversation['priority'],
    })).map(({ originClientMsgId: _origin, ...conversation }) => conversation);
  }

  async listMessages(conversationId: string, afterSeq: number, limit: number, includeInternal: boolean): Promise<Message[]> {
    const rows = await this.db.sql.query<MessageRow>(
      `SELECT ${messageColumns} FROM messages
       WHERE conversation_id = $1 AND seq > $2 ${includeInternal ? '' : "AND visibility = 'public'"}
       ORDER BY seq LIMIT $3`,
      [conversationId, afterSeq, limit],
    );
    return rows.map(toMessage);
  }

  async findMessageByClientMsgId(conversationId: string, clientMsgId: string): Promise<Message | null> {
    const [row] = await this.db.sql.query<MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE conversation_id = $1 AND client_msg_id = $2`,
      [conversationId, clientMsgId],
    );
    return row ? toMessage(row) : null;
  }

  private async messageBySeq(conversationId: string, seq: number): Promise<Message | null> {
    const [row] = await this.db.sql.query<MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE conversation_id = $1 AND seq = $2`,
      [conversationId, seq],
    );
    return row ? toMessage(row) : null;
  }

  async markRead(conversationId: string, reader: Actor, seq: number): Promise<number> {
    const [row] = await this.db.sql.query<{ seq: number }>(
      `INSERT INTO read_receipts (conversation_id, reader_kind, reader_id, seq, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (conversation_id, reader_kind, reader_id)
       DO UPDATE SET seq = GREATEST(read_receipts.seq, EXCLUDED.seq), updated_at = now()
       RETURNING seq`,
      [conversationId, reader.kind, reader.id ?? '', seq],
    );
    return Number(row?.seq ?? seq);
  }

  async upsertCustomer(profile: CustomerProfile): Promise<void> {
    await this.db.drizzle
      .insert(schema.customers)
      .values({ ...profile, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: schema.customers.id,
        set: { name: profile.name, email: profile.email, locale: profile.locale, tier: profile.tier, updatedAt: new Date() },
      });
  }

  async getCustomer(id: string): Promise<CustomerProfile | null> {
    const [row] = await this.db.drizzle.select().from(schema.customers).where(eq(schema.customers.id, id));
    if (!row) return null;
    return { id: row.id, name: row.name, email: row.email, locale: row.locale, tier: row.tier, visitor: row.visitor };
  }

  async createAgent(agent: Omit<Agent, 'createdAt'>): Promise<Agent> {
    const [row] = await this.db.sql.query<AgentRow>(
      `INSERT INTO agents (id, email, name, roles, password_hash, active)
       VALUES ($1, lower($2), $3, $4, $5, $6) RETURNING *`,
      [agent.id, agent.email, agent.name, agent.roles, agent.passwordHash, agent.active],
    );
    if (!row) throw new DomainError('conflict');
    return toAgent(row);
  }

  async findAgentByEmail(email: string): Promise<Agent | null> {
    const [row] = await this.db.sql.query<AgentRow>('SELECT * FROM agents WHERE email = lower($1)', [email]);
    return row ? toAgent(row) : null;
  }

  async getAgent(id: string): Promise<Agent | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.sql.query<AgentRow>('SELECT * FROM agents WHERE id = $1', [id]);
    return row ? toAgent(row) : null;
  }

  async listAgents(): Promise<Agent[]> {
    const rows = await this.db.sql.query<AgentRow>('SELECT * FROM agents ORDER BY email');
    return rows.map(toAgent);
  }

  async createSession(session: AgentSession): Promise<void> {
    await this.db.drizzle.insert(schema.agentSessions).values(session);
  }

  async findSession(tokenHash: string, now: Date): Promise<Agent | null> {
    const [row] = await this.db.sql.query<AgentRow>(
      `SELECT a.* FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
       WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.active`,
      [tokenHash, now],
    );
    return row ? toAgent(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.drizzle.delete(schema.agentSessions).where(eq(schema.agentSessions.tokenHash, tokenHash));
  }

  async unpublishedEvents(olderThan: Date, limit: number): Promise<ConversationEvent[]> {
    const rows = await this.db.sql.query<EventRow & { conversation: ConversationRow | null; message: MessageRow | null }>(
      `SELECT e.id::text AS id, e.conversation_id, e.actor_kind, e.actor_id, e.payload, e.occurred_at
       FROM events e WHERE e.published_at IS NULL AND e.occurred_at < $1 ORDER BY e.id LIMIT $2`,
      [olderThan, limit],
    );
    const events: ConversationEvent[] = [];
    for (const row of rows) {
      const conversation = await this.getConversation(row.conversation_id);
      if (!conversation) continue;
      const payload = row.payload;
      const message = payload.type === 'conversation.message_posted'
        ? (await this.messageBySeq(row.conversation_id, payload.seq)) ?? undefined
        : undefined;
      events.push(toEvent(row, conversation, message));
    }
    return events;
  }

  async markPublished(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db.sql.query(
      'UPDATE events SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
      [eventIds],
    );
  }

  async ping(): Promise<void> {
    await this.db.sql.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** Two writers racing on the same idempotency key: the loser's statement fails whole; run it again. */
  private async retryOnUniqueRace<T>(run: () => Promise<T[]>): Promise<T | undefined> {
    try {
      return (await run())[0];
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await run())[0];
    }
  }
}

/** Events as committed by a hot statement, which returned only their ids (in insertion order). */
function committedEvents(
  payloads: ConversationEventPayload[],
  ids: string[],
  actor: Actor,
  occurredAt: Date,
  conversation: Conversation,
  message: Message,
): ConversationEvent[] {
  return payloads.map((payload, i) => ({
    id: ids[i] ?? '',
    conversationId: conversation.id,
    actor,
    payload,
    occurredAt,
    conversation,
    message: payload.type === 'conversation.message_posted' ? message : undefined,
  }));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist, and must not reach the database as a cast error. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** Jobs to commit with a message, as the JSON array the hot statements read. */
function jobsParam(jobs: JobDraft[] | undefined): string | null {
  return jobs?.length ? JSON.stringify(jobs.map((j) => ({ ...j, runAt: j.runAt.toISOString() }))) : null;
}
