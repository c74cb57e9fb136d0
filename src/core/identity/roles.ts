/** Agent roles, from first line to administration. */
export const roles = ['agent', 'specialist', 'security', 'lead', 'qa', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface CustomerPrincipal {
  kind: 'customer';
  /** The exchange's user id (`sub` of the signed token), or `visitor:<uuid>` for anonymous visitors. */
  customerId: string;
  visitor: boolean;
  name: string | null;
  email: string | null;
  locale: string | null;
  tier: string | null;
}

export interface AgentPrincipal {
  kind: 'agent';
  agentId: string;
  name: string;
  email: string;
  roles: Role[];
}

export type Principal = CustomerPrincipal | AgentPrincipal;

/** What a principal may do. Routes name one of these; the authorisation hook checks it. */
export const permissions = {
  /** Create and follow one's own conversations. */
  'conversation.own': ['customer'],
  /** Read any conversation and its internal notes. */
  'conversation.read': ['agent', 'specialist', 'security', 'lead', 'qa', 'admin'],
  /** Reply, add notes, transfer, resolve, reopen, take a conversation. */
  'conversation.work': ['agent', 'specialist', 'security', 'lead', 'admin'],
  /** Assign a conversation to someone else. */
  'conversation.assign_others': ['lead', 'admin'],
  /** Teach the bot: add labelled examples (corrections) and see them. */
  'bot.train': ['lead', 'qa', 'admin'],
  /** Declare a network incident (e.g. TRON withdrawals delayed) and resolve it. */
  'incident.declare': ['lead', 'security', 'admin'],
  /** Set up routing: teams and their hours, agents' skills and capacity, overflow rules. */
  'routing.manage': ['lead', 'admin'],
  /** See the secrets removed from customers' messages (flagged for the security team) and mark them handled. */
  'secrets.review': ['security', 'lead', 'admin'],
} as const satisfies Record<string, readonly (Role | 'customer')[]>;

export type Permission = keyof typeof permissions;

export function can(principal: Principal, permission: Permission): boolean {
  const allowed: readonly string[] = permissions[permission];
  if (principal.kind === 'customer') return allowed.includes('customer');
  return principal.roles.some((role) => allowed.includes(role));
}

/** Customers own conversations by id; a foreign conversation must look like a missing one. */
export function ownsConversation(principal: Principal, customerId: string): boolean {
  return principal.kind === 'customer' && principal.customerId === customerId;
}
