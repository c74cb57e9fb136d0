/** SLA policies and clocks in the conversations database (docs/sla.md). */
import type { ConversationEvent } from '../../core/conversations/events.ts';
import type { SlaClocks } from '../../core/sla/conversation-clocks.ts';
import type { SlaPolicy } from '../../core/sla/policy.ts';
import { DomainError } from '../../core/errors.ts';
import { JobLeaseLost, type JobLease } from '../../ports/jobs.ts';
import type { SlaState, SlaStep, SlaStore, ToughCaseRow } from '../../ports/sla.ts';
import { conversationColumns, toConversation, toEvent, type ConversationRow, type EventRow } from './rows.ts';
import { isUniqueViolation, type Database } from './sql-client.ts';
import { completeJobIn, enqueueJobs } from './sql-job-queue.ts';
import { isUuid } from './sql-store.ts';

interface PolicyRow {
  id: string;
  name: string;
  match: SlaPolicy['match'];
  targets: SlaPolicy['targets'];
  warn_at_fraction: number;
  escalate_on_breach: boolean;
}

const toPolicy = (row: PolicyRow): SlaPolicy => ({
  id: row.id,
  name: row.name,
  match: row.match,
  targets: row.targets,
  warnAtFraction: Number(row.warn_at_fraction),
  escalateOnBreach: row.escalate_on_breach,
});

/** The event types SLA clocks read: lifecycle changes and messages. */
const prefixedColumns = conversationColumns.split(',').map((column) => `c.${column.trim()}`).join(', ');

const clockedEvents = ['conversation.created', 'conversation.status_changed', 'conversation.message_posted'];

export class SqlSlaStore implements SlaStore {
  constructor(private readonly db: Database) {}

  async listPolicies(): Promise<SlaPolicy[]> {
    return (await this.db.sql.query<PolicyRow>('SELECT * FROM sla_policies ORDER BY position, created_at')).map(toPolicy);
  }

  async createPolicy(policy: SlaPolicy, now: Date): Promise<SlaPolicy> {
    try {
      const [row] = await this.db.sql.query<PolicyRow>(
        `INSERT INTO sla_policies (id, name, position, match, targets, warn_at_fraction, escalate_on_breach, created_at, updated_at)
         VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM sla_policies), $3, $4, $5, $6, $7, $7) RETURNING *`,
        [policy.id, policy.name, JSON.stringify(policy.match), JSON.stringify(policy.targets), policy.warnAtFraction, policy.escalateOnBreach, now],
      );
      if (!row) throw new DomainError('conflict');
      return toPolicy(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', `A policy named "${policy.name}" exists already`);
      throw err;
    }
  }

  async updatePolicy(policy: SlaPolicy, now: Date): Promise<SlaPolicy | null> {
    if (!isUuid(policy.id)) return null;
    try {
      const [row] = await this.db.sql.query<PolicyRow>(
        `UPDATE sla_policies SET name = $2, match = $3, targets = $4, warn_at_fraction = $5, escalate_on_breach = $6, updated_at = $7
         WHERE id = $1 RETURNING *`,
        [policy.id, policy.name, JSON.stringify(policy.match), JSON.stringify(policy.targets), policy.warnAtFraction, policy.escalateOnBreach, now],
      );
      return row ? toPolicy(row) : null;
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', `A policy named "${policy.name}" exists already`);
      throw err;
    }
  }

  async deletePolicy(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await this.db.sql.query('DELETE FROM sla_policies WHERE id = $1 RETURNING id', [id])).length === 1;
  }

  advance(conversationId: string, step: (state: SlaState) => SlaStep, now: Date, lease?: JobLease): Promise<ConversationEvent[]> {
    if (!isUuid(conversationId)) return Promise.resolve([]);
    return this.db.transaction(async (tx) => {
      // The conversation's row lock orders this after any write of the conversation in flight.
      const [row] = await tx.query<ConversationRow>(`SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`, [conversationId]);
      if (!row) {
        if (lease && !(await completeJobIn(tx, lease, now))) throw new JobLeaseLost(lease.id);
        return [];
      }
      const conversation = toConversation(row);
      const [sla] = await tx.query<{ clocks: SlaClocks; last_event_id: string }>(
        'SELECT clocks, last_event_id::text AS last_event_id FROM conversation_sla WHERE conversation_id = $1',
        [conversationId],
      );
      const eventRows = await tx.query<EventRow>(
        `SELECT * FROM events WHERE conversation_id = $1 AND id > $2 AND type = ANY($3) ORDER BY id`,
        [conversationId, sla?.last_event_id ?? '0', clockedEvents],
      );
      const unread = eventRows.map((event) => toEvent(event, conversation));
      const decided = step({ conversation, clocks: sla?.clocks ?? {}, unread });
      const lastEventId = unread.at(-1)?.id ?? sla?.last_event_id ?? '0';
      await tx.query(
        `INSERT INTO conversation_sla (conversation_id, clocks, last_event_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id) DO UPDATE SET clocks = $2, last_event_id = $3, updated_at = $4`,
        [conversationId, JSON.stringify(decided.clocks), lastEventId, now],
      );
      const committed: ConversationEvent[] = [];
      const actor = { kind: 'system', id: null } as const;
      for (const payload of decided.events) {
        const [inserted] = await tx.query<{ id: string }>(
          `INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
           VALUES ($1, $2, 'system', NULL, $3, $4) RETURNING id::text AS id`,
          [conversationId, payload.type, JSON.stringify(payload), now],
        );
        committed.push({ id: inserted?.id ?? '', conversationId, actor, payload, occurredAt: now, conversation });
      }
      if (decided.jobs.length > 0) await enqueueJobs(tx, decided.jobs);
      if (lease && !(await completeJobIn(tx, lease, now))) throw new JobLeaseLost(lease.id);
      return committed;
    });
  }

  async clocksOf(conversationId: string): Promise<SlaClocks | null> {
    if (!isUuid(conversationId)) return null;
    const [row] = await this.db.sql.query<{ clocks: SlaClocks }>('SELECT clocks FROM conversation_sla WHERE conversation_id = $1', [conversationId]);
    return row?.clocks ?? null;
  }

  async toughCases(limit: number): Promise<ToughCaseRow[]> {
    const rows = await this.db.sql.query<ConversationRow & { min_tier: string; breached: boolean }>(
      `SELECT ${prefixedColumns}, c.min_tier,
         coalesce((SELECT bool_or((x.value ->> 'breachEmitted')::boolean) FROM jsonb_each(s.clocks) x), false) AS breached
       FROM conversations c LEFT JOIN conversation_sla s ON s.conversation_id = c.id
       WHERE c.state IN ('queued', 'assigned', 'waiting_customer', 'waiting_internal')
         AND (c.min_tier <> 'tier1' OR c.state = 'waiting_internal'
           OR EXISTS (SELECT 1 FROM jsonb_each(s.clocks) x WHERE (x.value ->> 'breachEmitted')::boolean))
       ORDER BY c.created_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ conversation: toConversation(row), minTier: row.min_tier, breached: row.breached }));
  }

  async behind(updatedSince: Date, limit: number): Promise<string[]> {
    const rows = await this.db.sql.query<{ id: string }>(
      `SELECT c.id FROM conversations c LEFT JOIN conversation_sla s ON s.conversation_id = c.id
       WHERE c.updated_at >= $1
         AND EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id AND e.id > coalesce(s.last_event_id, 0) AND e.type = ANY($3))
       ORDER BY c.updated_at LIMIT $2`,
      [updatedSince, limit, clockedEvents],
    );
    return rows.map((row) => row.id);
  }
}
