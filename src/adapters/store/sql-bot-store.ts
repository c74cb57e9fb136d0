/** The bot's memory, handoffs and declared incidents, in the same SQL database as conversations. */
import type { HandoffRecord } from '../../core/bot/events.ts';
import type { BotSession } from '../../core/bot/session.ts';
import type { NetworkIncident } from '../../core/bot/turn-types.ts';
import type { ConversationEvent, ConversationEventPayload } from '../../core/conversations/events.ts';
import { applyPatch } from '../../core/conversations/lifecycle.ts';
import type { Language, Message } from '../../core/conversations/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { BotStore, BotTurnCommit, DeclaredIncident, StoredBotSession, TrainingExample } from '../../ports/bot.ts';
import { JobLeaseLost } from '../../ports/jobs.ts';
import { conversationColumns, toConversation, type ConversationRow } from './rows.ts';
import type { Database, SqlClient } from './sql-client.ts';
import { completeJobIn, enqueueJobs } from './sql-job-queue.ts';
import { isUuid } from './sql-store.ts';

const botActor = { kind: 'bot', id: null } as const;

export class SqlBotStore implements BotStore {
  constructor(private readonly db: Database) {}

  async getSession(conversationId: string): Promise<StoredBotSession | null> {
    if (!isUuid(conversationId)) return null;
    const [row] = await this.db.sql.query<{ session: BotSession; handled_seq: number }>(
      'SELECT session, handled_seq FROM bot_sessions WHERE conversation_id = $1',
      [conversationId],
    );
    return row ? { session: row.session, handledSeq: Number(row.handled_seq) } : null;
  }

  commitTurn(turn: BotTurnCommit): Promise<{ conversation: ReturnType<typeof toConversation>; events: ConversationEvent[] }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<ConversationRow>(`SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`, [turn.conversationId]);
      if (!row) throw new DomainError('not_found');
      const current = toConversation(row);
      if (current.version !== turn.expectedVersion) throw new DomainError('conflict');
      const messages: Message[] = turn.replies.map((reply, i) => ({
        id: reply.id,
        conversationId: current.id,
        seq: current.lastSeq + 1 + i,
        clientMsgId: reply.clientMsgId,
        authorKind: 'bot',
        authorId: null,
        body: reply.body,
        visibility: 'public',
        metadata: reply.metadata,
        createdAt: turn.now,
      }));
      const conversation = { ...applyPatch(current, turn.decision.patch, turn.now), lastSeq: current.lastSeq + messages.length };
      await tx.query(
        `UPDATE conversations SET state = $2, department = $3, language = $4, priority = $5, assignee_id = $6,
           resolved_at = $7, closed_at = $8, version = $9, last_seq = $10, updated_at = $11 WHERE id = $1`,
        [conversation.id, conversation.state, conversation.department, conversation.language, conversation.priority,
          conversation.assigneeId, conversation.resolvedAt, conversation.closedAt, conversation.version, conversation.lastSeq, turn.now],
      );
      const events: ConversationEvent[] = [];
      for (const message of messages) {
        await tx.query(
          `INSERT INTO messages (id, conversation_id, seq, client_msg_id, author_kind, author_id, body, visibility, metadata, created_at)
           VALUES ($1, $2, $3, $4, 'bot', NULL, $5, 'public', $6, $7)`,
          [message.id, message.conversationId, message.seq, message.clientMsgId, message.body,
            message.metadata === null ? null : JSON.stringify(message.metadata), turn.now],
        );
        const payload: ConversationEventPayload = { type: 'conversation.message_posted', messageId: message.id, seq: message.seq, authorKind: 'bot', visibility: 'public' };
        events.push({ ...(await insertEvent(tx, payload, turn.now, conversation)), message });
      }
      for (const payload of turn.decision.events) events.push(await insertEvent(tx, payload, turn.now, conversation));
      await tx.query(
        `INSERT INTO bot_sessions (conversation_id, session, handled_seq, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id) DO UPDATE SET session = EXCLUDED.session, handled_seq = EXCLUDED.handled_seq, updated_at = EXCLUDED.updated_at`,
        [conversation.id, JSON.stringify(turn.session), turn.handledSeq, turn.now],
      );
      if (turn.handoff) {
        await tx.query('INSERT INTO handoffs (conversation_id, record, created_at) VALUES ($1, $2, $3)', [conversation.id, JSON.stringify(turn.handoff), turn.now]);
      }
      if (turn.jobs.length > 0) await enqueueJobs(tx, turn.jobs);
      if (!(await completeJobIn(tx, turn.job, turn.now))) throw new JobLeaseLost(turn.job.id);
      return { conversation, events };
    });
  }

  async addTrainingExamples(examples: TrainingExample[], now: Date): Promise<number> {
    if (examples.length === 0) return 0;
    const rows = await this.db.sql.query<{ id: string }>(
      `INSERT INTO intent_examples (text, intent, language, source, added_by, created_at)
       SELECT e.text, e.intent, e.language, e.source, e."addedBy", $2
       FROM jsonb_to_recordset($1::jsonb) AS e(text text, intent text, language text, source text, "addedBy" text)
       ON CONFLICT (text, intent) DO NOTHING RETURNING id`,
      [JSON.stringify(examples), now],
    );
    return rows.length;
  }

  async trainingExamples(): Promise<TrainingExample[]> {
    const rows = await this.db.sql.query<{ text: string; intent: string; language: Language | null; source: TrainingExample['source']; added_by: string | null }>(
      'SELECT text, intent, language, source, added_by FROM intent_examples ORDER BY id',
      [],
    );
    return rows.map((r) => ({ text: r.text, intent: r.intent, language: r.language, source: r.source, addedBy: r.added_by }));
  }

  async latestHandoff(conversationId: string): Promise<HandoffRecord | null> {
    if (!isUuid(conversationId)) return null;
    const [row] = await this.db.sql.query<{ record: HandoffRecord }>(
      'SELECT record FROM handoffs WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1',
      [conversationId],
    );
    return row?.record ?? null;
  }

  async declareIncident(incident: DeclaredIncident): Promise<void> {
    await this.db.sql.query(
      'INSERT INTO network_incidents (id, chain, message, declared_at) VALUES ($1, $2, $3, $4)',
      [incident.id, incident.chain, JSON.stringify(incident.message), incident.declaredAt],
    );
  }

  async resolveIncident(id: string, now: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.db.sql.query('UPDATE network_incidents SET resolved_at = $2 WHERE id = $1 AND resolved_at IS NULL RETURNING id', [id, now]);
    return rows.length === 1;
  }

  async openIncidents(language: Language): Promise<NetworkIncident[]> {
    const rows = await this.db.sql.query<{ chain: string; message: Record<string, string> }>(
      'SELECT chain, message FROM network_incidents WHERE resolved_at IS NULL ORDER BY declared_at',
      [],
    );
    return rows.map((r) => ({ chain: r.chain, message: r.message[language] ?? r.message.en ?? '' }));
  }
}

async function insertEvent(
  tx: SqlClient,
  payload: ConversationEventPayload,
  now: Date,
  conversation: ConversationEvent['conversation'],
): Promise<ConversationEvent> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
     VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id::text AS id`,
    [conversation.id, payload.type, botActor.kind, JSON.stringify(payload), now],
  );
  return { id: row?.id ?? '', conversationId: conversation.id, actor: botActor, payload, occurredAt: now, conversation };
}
