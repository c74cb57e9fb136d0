/** The security team's flags for secrets the guard removed, in the same SQL database as conversations. */
import type { ConversationEvent, ConversationEventPayload } from '../../core/conversations/events.ts';
import { DomainError } from '../../core/errors.ts';
import { secretKinds, type SecretKind } from '../../core/secrets/types.ts';
import type { NewSecretExposure, SecretExposure, SecretExposureFilter, SecretsStore } from '../../ports/secrets.ts';
import { conversationColumns, date, toConversation, type ConversationRow } from './rows.ts';
import type { Database } from './sql-client.ts';
import { isUuid } from './sql-store.ts';

interface ExposureRow {
  id: string;
  conversation_id: string;
  seq: number;
  customer_id: string;
  kinds: string[];
  redacted_seqs: number[];
  created_at: Date | string;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
  review_note: string | null;
}

const exposureColumns = 'id::text AS id, conversation_id, seq, customer_id, kinds, redacted_seqs, created_at, reviewed_by, reviewed_at, review_note';
const systemActor = { kind: 'system', id: null } as const;

function toExposure(row: ExposureRow): SecretExposure {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    customerId: row.customer_id,
    kinds: row.kinds.filter((kind): kind is SecretKind => secretKinds.includes(kind as SecretKind)),
    redactedSeqs: row.redacted_seqs.map(Number),
    createdAt: date(row.created_at),
    review: row.reviewed_by && row.reviewed_at ? { by: row.reviewed_by, at: date(row.reviewed_at), note: row.review_note } : null,
  };
}

const isExposureId = (id: string): boolean => /^[1-9][0-9]{0,17}$/.test(id);

export class SqlSecretsStore implements SecretsStore {
  constructor(private readonly db: Database) {}

  recordExposure(input: NewSecretExposure): Promise<{ exposure: SecretExposure; events: ConversationEvent[] }> {
    if (!isUuid(input.conversationId)) return Promise.reject(new DomainError('not_found'));
    return this.db.transaction(async (tx) => {
      // Locked like every other write of the conversation: its events commit in id order, which
      // readers of the event log (SLA clocks) rely on.
      const [row] = await tx.query<ConversationRow>(`SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`, [input.conversationId]);
      if (!row) throw new DomainError('not_found');
      const conversation = toConversation(row);
      const redactedSeqs = input.earlier.map((e) => e.seq).sort((a, b) => a - b);
      const [inserted] = await tx.query<ExposureRow>(
        `INSERT INTO secret_exposures (conversation_id, seq, customer_id, kinds, redacted_seqs, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ON CONSTRAINT secret_exposures_message_unique DO NOTHING
         RETURNING ${exposureColumns}`,
        [conversation.id, input.seq, conversation.customerId, input.kinds, redactedSeqs, input.now],
      );
      if (!inserted) {
        // Recorded before (a job that ran twice): the same rows, no second event.
        const [existing] = await tx.query<ExposureRow>(
          `SELECT ${exposureColumns} FROM secret_exposures WHERE conversation_id = $1 AND seq = $2`,
          [conversation.id, input.seq],
        );
        if (!existing) throw new DomainError('conflict');
        return { exposure: toExposure(existing), events: [] };
      }
      for (const earlier of input.earlier) {
        // Only customers' messages: the guard never rewrites what an agent or the bot wrote.
        await tx.query(
          "UPDATE messages SET body = $3 WHERE conversation_id = $1 AND seq = $2 AND author_kind = 'customer'",
          [conversation.id, earlier.seq, earlier.body],
        );
      }
      const payload: ConversationEventPayload = { type: 'conversation.secret_redacted', seq: input.seq, kinds: input.kinds, redactedSeqs };
      const [event] = await tx.query<{ id: string }>(
        `INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
        [conversation.id, payload.type, systemActor.kind, systemActor.id, JSON.stringify(payload), input.now],
      );
      const events: ConversationEvent[] = [
        { id: event?.id ?? '', conversationId: conversation.id, actor: systemActor, payload, occurredAt: input.now, conversation },
      ];
      return { exposure: toExposure(inserted), events };
    });
  }

  async listExposures(filter: SecretExposureFilter): Promise<SecretExposure[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.state === 'open') where.push('reviewed_at IS NULL');
    if (filter.state === 'reviewed') where.push('reviewed_at IS NOT NULL');
    if (filter.before !== undefined) {
      if (!isExposureId(filter.before)) return [];
      params.push(filter.before);
      where.push(`id < $${params.length}::bigint`);
    }
    params.push(filter.limit);
    const rows = await this.db.sql.query<ExposureRow>(
      `SELECT ${exposureColumns} FROM secret_exposures ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toExposure);
  }

  async getExposure(id: string): Promise<SecretExposure | null> {
    if (!isExposureId(id)) return null;
    const [row] = await this.db.sql.query<ExposureRow>(`SELECT ${exposureColumns} FROM secret_exposures WHERE id = $1::bigint`, [id]);
    return row ? toExposure(row) : null;
  }

  async reviewExposure(id: string, agentId: string, note: string | null, now: Date): Promise<SecretExposure | null> {
    if (!isExposureId(id)) return null;
    await this.db.sql.query(
      'UPDATE secret_exposures SET reviewed_by = $2, reviewed_at = $3, review_note = $4 WHERE id = $1::bigint AND reviewed_at IS NULL',
      [id, agentId, now, note],
    );
    return this.getExposure(id);
  }
}
