/** Routing's truth — teams, agents' skills and presence, the queues — in the conversations database. */
import type { ConversationEvent } from '../../core/conversations/events.ts';
import { applyPatch } from '../../core/conversations/lifecycle.ts';
import type { PresenceStatus } from '../../core/conversations/signals.ts';
import type { Conversation, Department, Language } from '../../core/conversations/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { AgentProfile, AgentSkills, LanguageSkill, Team, Tier } from '../../core/routing/organisation.ts';
import type { BusinessCalendar } from '../../core/sla/business-hours.ts';
import type { AgentWorkload, AssignmentCommit, QueuedConversation, RoutingStore, TeamInput } from '../../ports/routing.ts';
import type { Actor } from '../../core/conversations/events.ts';
import type { Decision } from '../../core/conversations/lifecycle.ts';
import type { Investigation, InvestigationState } from '../../core/routing/investigation.ts';
import { conversationColumns, date, toConversation, type ConversationRow } from './rows.ts';
import { isUniqueViolation, type Database, type SqlClient } from './sql-client.ts';
import { enqueueJobs } from './sql-job-queue.ts';
import { isUuid } from './sql-store.ts';

interface TeamRow {
  id: string;
  name: string;
  department: string;
  calendar: BusinessCalendar;
  assignment: string;
  created_at: Date | string;
  updated_at: Date | string;
}

interface WorkloadRow {
  agent_id: string;
  team_id: string | null;
  departments: string[];
  languages: LanguageSkill[];
  tier: string;
  capacity: number;
  presence: string;
  presence_changed_at: Date | string;
  last_assigned_at: Date | string | null;
  name?: string;
  roles?: string[];
  load?: number | string;
}

const openAssignedStates = "('assigned', 'waiting_customer', 'waiting_internal')";
/** An agent's profile with their name, roles and open load (one row per agent). */
const workloadSelect = `
  SELECT p.*, a.name, a.roles,
    (SELECT count(*) FROM conversations c WHERE c.assignee_id = p.agent_id AND c.state IN ${openAssignedStates})::int AS load
  FROM agent_profiles p JOIN agents a ON a.id = p.agent_id AND a.active`;
/** Queue order: priority first, then waiting time (the queue's FIFO). */
const priorityRank = "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";

function toTeam(row: TeamRow): Team {
  return {
    id: row.id,
    name: row.name,
    department: row.department as Department,
    calendar: row.calendar,
    assignment: row.assignment as Team['assignment'],
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

function toProfile(row: WorkloadRow): AgentProfile {
  return {
    agentId: row.agent_id,
    teamId: row.team_id,
    departments: row.departments as Department[],
    languages: row.languages,
    tier: row.tier as Tier,
    capacity: Number(row.capacity),
    presence: row.presence as PresenceStatus,
    presenceChangedAt: date(row.presence_changed_at),
    lastAssignedAt: row.last_assigned_at === null ? null : date(row.last_assigned_at),
  };
}

function toWorkload(row: WorkloadRow): AgentWorkload {
  const roles = row.roles ?? [];
  return { ...toProfile(row), name: row.name ?? '', isLead: roles.includes('lead') || roles.includes('admin'), load: Number(row.load ?? 0) };
}

export class SqlRoutingStore implements RoutingStore {
  constructor(
    private readonly db: Database,
    /** Seconds of waiting credit per customer tier (e.g. `{vip: 120}`): a VIP sorts as if queued earlier. */
    private readonly tierBoostSeconds: Record<string, number> = {},
  ) {}

  async createTeam(id: string, input: TeamInput, now: Date): Promise<Team> {
    try {
      const [row] = await this.db.sql.query<TeamRow>(
        `INSERT INTO teams (id, name, department, calendar, assignment, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
        [id, input.name, input.department, JSON.stringify(input.calendar), input.assignment, now],
      );
      if (!row) throw new DomainError('conflict');
      return toTeam(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', `A team named "${input.name}" exists already`);
      throw err;
    }
  }

  async updateTeam(id: string, input: TeamInput, now: Date): Promise<Team | null> {
    if (!isUuid(id)) return null;
    try {
      const [row] = await this.db.sql.query<TeamRow>(
        `UPDATE teams SET name = $2, department = $3, calendar = $4, assignment = $5, updated_at = $6 WHERE id = $1 RETURNING *`,
        [id, input.name, input.department, JSON.stringify(input.calendar), input.assignment, now],
      );
      return row ? toTeam(row) : null;
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', `A team named "${input.name}" exists already`);
      throw err;
    }
  }

  async listTeams(): Promise<Team[]> {
    return (await this.db.sql.query<TeamRow>('SELECT * FROM teams ORDER BY department, name')).map(toTeam);
  }

  async getTeam(id: string): Promise<Team | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.sql.query<TeamRow>('SELECT * FROM teams WHERE id = $1', [id]);
    return row ? toTeam(row) : null;
  }

  async putAgentSkills(agentId: string, skills: AgentSkills, now: Date): Promise<AgentProfile> {
    if (!isUuid(agentId)) throw new DomainError('not_found', 'No such agent');
    if (skills.teamId !== null && !isUuid(skills.teamId)) throw new DomainError('validation_failed', 'No such team');
    const [agent] = await this.db.sql.query('SELECT id FROM agents WHERE id = $1', [agentId]);
    if (!agent) throw new DomainError('not_found', 'No such agent');
    if (skills.teamId !== null && !(await this.getTeam(skills.teamId))) throw new DomainError('validation_failed', 'No such team');
    const [row] = await this.db.sql.query<WorkloadRow>(
      `INSERT INTO agent_profiles (agent_id, team_id, departments, languages, tier, capacity, presence_changed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (agent_id) DO UPDATE SET team_id = $2, departments = $3, languages = $4, tier = $5, capacity = $6, updated_at = $7
       RETURNING *`,
      [agentId, skills.teamId, skills.departments, JSON.stringify(skills.languages), skills.tier, skills.capacity, now],
    );
    if (!row) throw new DomainError('conflict');
    return toProfile(row);
  }

  async getAgentWorkload(agentId: string): Promise<AgentWorkload | null> {
    if (!isUuid(agentId)) return null;
    const [row] = await this.db.sql.query<WorkloadRow>(`${workloadSelect} WHERE p.agent_id = $1`, [agentId]);
    return row ? toWorkload(row) : null;
  }

  async listAgentWorkloads(filter: { department?: Department; language?: Language } = {}): Promise<AgentWorkload[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.department) {
      params.push(filter.department);
      where.push(`$${params.length} = ANY(p.departments)`);
    }
    if (filter.language) {
      params.push(JSON.stringify([{ language: filter.language }]));
      where.push(`p.languages @> $${params.length}::jsonb`);
    }
    const rows = await this.db.sql.query<WorkloadRow>(
      `${workloadSelect} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.name, p.agent_id`,
      params,
    );
    return rows.map(toWorkload);
  }

  async availableAgents(): Promise<AgentWorkload[]> {
    const rows = await this.db.sql.query<WorkloadRow>(`SELECT * FROM (${workloadSelect} WHERE p.presence = 'online') w WHERE w.load < w.capacity`);
    return rows.map(toWorkload);
  }

  async setPresence(agentId: string, presence: PresenceStatus, now: Date): Promise<AgentProfile | null> {
    if (!isUuid(agentId)) return null;
    const [row] = await this.db.sql.query<WorkloadRow>(
      `UPDATE agent_profiles SET presence = $2,
         presence_changed_at = CASE WHEN presence = $2 THEN presence_changed_at ELSE $3 END
       WHERE agent_id = $1 RETURNING *`,
      [agentId, presence, now],
    );
    return row ? toProfile(row) : null;
  }

  async queueHeads(perQueue: number): Promise<QueuedConversation[]> {
    const rows = await this.db.sql.query<ConversationRow & { queued_at: Date | string; min_tier: string; customer_tier: string | null }>(
      `SELECT * FROM (
         SELECT ${prefixed(conversationColumns, 'c')}, c.queued_at, c.min_tier, cu.tier AS customer_tier,
           row_number() OVER (PARTITION BY c.department, c.language ORDER BY ${priorityRank}, ${this.effectiveQueuedAt()}, c.id) AS place
         FROM conversations c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.state = 'queued'
       ) q WHERE q.place <= $2`,
      [JSON.stringify(this.tierBoostSeconds), perQueue],
    );
    return rows.map((row) => ({
      conversation: toConversation(row),
      queuedAt: date(row.queued_at),
      minTier: row.min_tier as Tier,
      customerTier: row.customer_tier,
    }));
  }

  async queuePosition(conversationId: string): Promise<{ ahead: number; waiting: number } | null> {
    if (!isUuid(conversationId)) return null;
    const [row] = await this.db.sql.query<{ place: number | string; waiting: number | string }>(
      `SELECT place, waiting FROM (
         SELECT c.id,
           row_number() OVER (ORDER BY ${priorityRank}, ${this.effectiveQueuedAt()}, c.id) AS place,
           count(*) OVER () AS waiting
         FROM conversations c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.state = 'queued'
           AND (c.department, c.language) = (SELECT department, language FROM conversations WHERE id = $2)
       ) q WHERE q.id = $2`,
      [JSON.stringify(this.tierBoostSeconds), conversationId],
    );
    return row ? { ahead: Number(row.place) - 1, waiting: Number(row.waiting) } : null;
  }

  async assignedSince(department: Department, language: Language, since: Date): Promise<number> {
    const [row] = await this.db.sql.query<{ n: number | string }>(
      `SELECT count(*)::int AS n FROM events e JOIN conversations c ON c.id = e.conversation_id
       WHERE e.type = 'conversation.assigned' AND e.occurred_at >= $3 AND c.department = $1 AND c.language = $2`,
      [department, language, since],
    );
    return Number(row?.n ?? 0);
  }

  assignFromQueue(commit: AssignmentCommit): Promise<{ conversation: Conversation; events: ConversationEvent[] } | null> {
    if (!isUuid(commit.conversationId) || !isUuid(commit.agentId)) return Promise.resolve(null);
    return this.db.transaction(async (tx) => {
      // The agent's row first, always in this order: two rounds assigning to one agent queue here.
      const [agent] = await tx.query<{ presence: string; capacity: number }>(
        'SELECT presence, capacity FROM agent_profiles WHERE agent_id = $1 FOR UPDATE',
        [commit.agentId],
      );
      if (agent?.presence !== 'online') return null;
      const [load] = await tx.query<{ n: number | string }>(
        `SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND state IN ${openAssignedStates}`,
        [commit.agentId],
      );
      if (Number(load?.n ?? 0) >= Number(agent.capacity)) return null;
      const [row] = await tx.query<ConversationRow>(`SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`, [commit.conversationId]);
      if (!row) return null;
      const current = toConversation(row);
      if (current.version !== commit.expectedVersion || current.state !== 'queued') return null;
      const conversation = applyPatch(current, commit.decision.patch, commit.now);
      await tx.query(
        `UPDATE conversations SET state = $2, assignee_id = $3, priority = $4, version = $5, updated_at = $6 WHERE id = $1`,
        [conversation.id, conversation.state, conversation.assigneeId, conversation.priority, conversation.version, commit.now],
      );
      await tx.query('UPDATE agent_profiles SET last_assigned_at = $2 WHERE agent_id = $1', [commit.agentId, commit.now]);
      const events = await insertEvents(tx, conversation, commit);
      if (commit.jobs?.length) await enqueueJobs(tx, commit.jobs);
      return { conversation, events };
    });
  }

  async minTierOf(conversationId: string): Promise<Tier | null> {
    if (!isUuid(conversationId)) return null;
    const [row] = await this.db.sql.query<{ min_tier: string }>('SELECT min_tier FROM conversations WHERE id = $1', [conversationId]);
    return row ? (row.min_tier as Tier) : null;
  }

  escalate(commit: Omit<AssignmentCommit, 'agentId' | 'jobs'> & { minTier: Tier }): Promise<{ conversation: Conversation; events: ConversationEvent[] }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<ConversationRow>(`SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`, [commit.conversationId]);
      if (!row) throw new DomainError('not_found');
      const current = toConversation(row);
      if (current.version !== commit.expectedVersion) throw new DomainError('conflict');
      const conversation = applyPatch(current, commit.decision.patch, commit.now);
      await tx.query(
        `UPDATE conversations SET state = $2, assignee_id = $3, department = $4, priority = $5, min_tier = $6, version = $7, updated_at = $8 WHERE id = $1`,
        [conversation.id, conversation.state, conversation.assigneeId, conversation.department, conversation.priority, commit.minTier, conversation.version, commit.now],
      );
      return { conversation, events: await insertEvents(tx, conversation, commit) };
    });
  }

  openInvestigation(investigation: Investigation, expectedVersion: number, decision: Decision, actor: Actor): Promise<{ conversation: Conversation; events: ConversationEvent[] }> {
    return this.db.transaction(async (tx) => {
      const current = await lockConversation(tx, investigation.conversationId);
      if (current.version !== expectedVersion) throw new DomainError('conflict');
      const now = investigation.createdAt;
      const conversation = await applyDecisionIn(tx, current, decision, now);
      await tx.query(
        `INSERT INTO investigations (id, conversation_id, department, title, details, state, opened_by, owner_id, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, NULL, $7, $8)`,
        [investigation.id, investigation.conversationId, investigation.department, investigation.title, investigation.details,
          investigation.openedBy, investigation.dueAt, now],
      );
      const opened = { type: 'conversation.investigation_opened' as const, investigationId: investigation.id, department: investigation.department, title: investigation.title };
      const events = await insertEvents(tx, conversation, { actor, now, decision: { patch: {}, events: [...decision.events, opened] } });
      return { conversation, events };
    });
  }

  resolveInvestigation(
    id: string,
    resolution: string,
    actor: Actor,
    now: Date,
    whenLast: (conversation: Conversation) => Decision,
  ): Promise<{ investigation: Investigation; events: ConversationEvent[] } | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<InvestigationRow>('SELECT * FROM investigations WHERE id = $1', [id]);
      if (!row) return null;
      // The conversation first, as every writer of it does, then the investigation.
      const current = await lockConversation(tx, row.conversation_id);
      const [locked] = await tx.query<InvestigationRow>('SELECT * FROM investigations WHERE id = $1 FOR UPDATE', [id]);
      if (!locked || locked.state !== 'open') return locked ? { investigation: toInvestigation(locked), events: [] } : null;
      const [updated] = await tx.query<InvestigationRow>(
        "UPDATE investigations SET state = 'resolved', resolution = $2, resolved_at = $3 WHERE id = $1 RETURNING *",
        [id, resolution, now],
      );
      const [open] = await tx.query<{ n: number | string }>(
        "SELECT count(*)::int AS n FROM investigations WHERE conversation_id = $1 AND state = 'open'",
        [current.id],
      );
      const decision = Number(open?.n ?? 0) === 0 ? whenLast(current) : { patch: {}, events: [] };
      const conversation = await applyDecisionIn(tx, current, decision, now);
      const resolved = { type: 'conversation.investigation_resolved' as const, investigationId: id, department: locked.department as Department, resolution };
      const events = await insertEvents(tx, conversation, { actor, now, decision: { patch: {}, events: [resolved, ...decision.events] } });
      return { investigation: toInvestigation(updated ?? locked), events };
    });
  }

  async takeInvestigation(id: string, agentId: string): Promise<Investigation | null> {
    if (!isUuid(id) || !isUuid(agentId)) return null;
    const [row] = await this.db.sql.query<InvestigationRow>(
      "UPDATE investigations SET owner_id = $2 WHERE id = $1 AND state = 'open' RETURNING *",
      [id, agentId],
    );
    return row ? toInvestigation(row) : null;
  }

  async listInvestigations(filter: { conversationId?: string; department?: Department; state?: InvestigationState; limit: number }): Promise<Investigation[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.conversationId !== undefined) {
      if (!isUuid(filter.conversationId)) return [];
      params.push(filter.conversationId);
      where.push(`conversation_id = $${params.length}`);
    }
    if (filter.department) {
      params.push(filter.department);
      where.push(`department = $${params.length}`);
    }
    if (filter.state) {
      params.push(filter.state);
      where.push(`state = $${params.length}`);
    }
    params.push(filter.limit);
    const rows = await this.db.sql.query<InvestigationRow>(
      `SELECT * FROM investigations ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toInvestigation);
  }

  async openConversationsOf(agentId: string): Promise<Conversation[]> {
    if (!isUuid(agentId)) return [];
    const rows = await this.db.sql.query<ConversationRow>(
      `SELECT ${conversationColumns} FROM conversations WHERE assignee_id = $1 AND state IN ${openAssignedStates} ORDER BY id`,
      [agentId],
    );
    return rows.map(toConversation);
  }

  /** queued_at moved earlier by the customer's tier boost ($1: the boosts as JSON). */
  private effectiveQueuedAt(): string {
    return "c.queued_at - make_interval(secs => COALESCE(($1::jsonb ->> cu.tier)::float8, 0))";
  }
}

const prefixed = (columns: string, alias: string): string =>
  columns.split(',').map((column) => `${alias}.${column.trim()}`).join(', ');

async function insertEvents(tx: SqlClient, conversation: Conversation, commit: Pick<AssignmentCommit, 'actor' | 'now' | 'decision'>): Promise<ConversationEvent[]> {
  const { actor, now } = commit;
  const events: ConversationEvent[] = [];
  for (const payload of commit.decision.events) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
      [conversation.id, payload.type, actor.kind, actor.id, JSON.stringify(payload), now],
    );
    events.push({ id: row?.id ?? '', conversationId: conversation.id, actor, payload, occurredAt: now, conversation });
  }
  return events;
}

interface InvestigationRow {
  id: string;
  conversation_id: string;
  department: string;
  title: string;
  details: string;
  state: string;
  opened_by: string;
  owner_id: string | null;
  due_at: Date | string;
  resolution: string | null;
  created_at: Date | string;
  resolved_at: Date | string | null;
}

function toInvestigation(row: InvestigationRow): Investigation {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    department: row.department as Department,
    title: row.title,
    details: row.details,
    state: row.state as InvestigationState,
    openedBy: row.opened_by,
    ownerId: row.owner_id,
    dueAt: date(row.due_at),
    resolution: row.resolution,
    createdAt: date(row.created_at),
    resolvedAt: row.resolved_at === null ? null : date(row.resolved_at),
  };
}

async function lockConversation(tx: SqlClient, conversationId: string): Promise<Conversation> {
  const [row] = await tx.query<ConversationRow>(`SELECT ${conversationColumns} FROM conversations WHERE id = $1 FOR UPDATE`, [conversationId]);
  if (!row) throw new DomainError('not_found');
  return toConversation(row);
}

/** Apply a decision's state change to a locked conversation (nothing when it changes nothing). */
async function applyDecisionIn(tx: SqlClient, current: Conversation, decision: Decision, now: Date): Promise<Conversation> {
  if (Object.keys(decision.patch).length === 0) return current;
  const conversation = applyPatch(current, decision.patch, now);
  await tx.query(
    'UPDATE conversations SET state = $2, assignee_id = $3, version = $4, updated_at = $5 WHERE id = $1',
    [conversation.id, conversation.state, conversation.assigneeId, conversation.version, now],
  );
  return conversation;
}
