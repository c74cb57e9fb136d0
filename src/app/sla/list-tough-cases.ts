import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { Department, Priority } from '../../core/conversations/types.ts';
import type { ToughCaseRow } from '../../ports/sla.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

export type ToughCaseReason = 'sla_breached' | 'escalated' | 'waiting_internal';

export interface ToughCase {
  conversationId: string;
  subject: string;
  state: string;
  department: Department;
  language: string;
  priority: Priority;
  assigneeId: string | null;
  ageSeconds: number;
  reasons: ToughCaseReason[];
  nextStep: string;
}

const priorityRank: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** The next thing that has to happen, in the words a lead scans the board for. */
function nextStepOf(row: ToughCaseRow): string {
  const { state } = row.conversation;
  if (state === 'waiting_internal') return 'waiting on another department: chase the investigation';
  if (state === 'queued') return row.minTier === 'tier1' ? 'assign it: nobody has it yet' : `a ${row.minTier} agent has to take it`;
  if (state === 'waiting_customer') return 'waiting on the customer';
  return 'the assignee answers the customer';
}

/**
 * The tough-case board: every open conversation that breached an SLA, was escalated, or waits on
 * another department, with its age, owner and next step — so none is forgotten.
 */
export async function listToughCases(
  deps: Pick<AppDeps, 'sla' | 'clock'>,
  agent: AgentPrincipal,
  options: { sort: 'age' | 'priority'; limit: number },
): Promise<ToughCase[]> {
  requirePermission(agent, 'conversation.read');
  const now = deps.clock.now().getTime();
  const cases = (await deps.sla.toughCases(options.limit)).map((row): ToughCase => {
    const c = row.conversation;
    const reasons: ToughCaseReason[] = [
      ...(row.breached ? (['sla_breached'] as const) : []),
      ...(row.minTier !== 'tier1' ? (['escalated'] as const) : []),
      ...(c.state === 'waiting_internal' ? (['waiting_internal'] as const) : []),
    ];
    return {
      conversationId: c.id,
      subject: c.subject,
      state: c.state,
      department: c.department,
      language: c.language,
      priority: c.priority,
      assigneeId: c.assigneeId,
      ageSeconds: Math.max(0, Math.round((now - c.createdAt.getTime()) / 1000)),
      reasons,
      nextStep: nextStepOf(row),
    };
  });
  // Oldest first is the store's order; by priority keeps age as the tie-break.
  return options.sort === 'priority' ? cases.sort((a, b) => priorityRank[a.priority] - priorityRank[b.priority]) : cases;
}
