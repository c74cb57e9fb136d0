import type { BotStore, KnowledgeBase, MessageUnderstander } from '../ports/bot.ts';
import type { Bus } from '../ports/bus.ts';
import type { SecretsWarnings } from '../core/secrets/warnings.ts';
import type { Clock } from '../ports/clock.ts';
import type { ExchangeGateway } from '../ports/exchange-gateway.ts';
import type { CustomerTokens, PasswordHasher } from '../ports/identity.ts';
import type { JobQueue } from '../ports/jobs.ts';
import type { RoutingPolicy } from '../core/routing/index.ts';
import type { RoutingStore } from '../ports/routing.ts';
import type { SecretsStore } from '../ports/secrets.ts';
import type { SlaStore } from '../ports/sla.ts';
import type { Store } from '../ports/store.ts';
import type { EventPublisher } from './events/event-publisher.ts';

/** What use cases need: ports, plus the few settings that shape decisions. */
export interface AppDeps {
  store: Store;
  jobs: JobQueue;
  bus: Bus;
  clock: Clock;
  exchange: ExchangeGateway;
  passwords: PasswordHasher;
  customerTokens: CustomerTokens;
  events: EventPublisher;
  /** The support bot's understanding of messages, its knowledge base and its memory. */
  understander: MessageUnderstander;
  knowledge: KnowledgeBase;
  botStore: BotStore;
  /** What a customer reads after the secrets guard removed something from their message. */
  secretsWarnings: SecretsWarnings;
  /** The security team's flags for those removals. */
  secrets: SecretsStore;
  /** Teams, agents' skills and presence, and the queues. */
  routing: RoutingStore;
  /** SLA policies and each conversation's SLA clocks. */
  sla: SlaStore;
  /** Overflow rules and customer-tier boosts the routing core decides with. */
  routingPolicy: RoutingPolicy;
  /** Ask the routing dispatcher (on whichever node runs it) to look at the queues now. */
  dispatcher: { wake(): void };
  /** Time-ordered unique ids (UUIDv7). */
  newId: () => string;
  settings: {
    autoCloseAfterMs: number;
    reopenWindowMs: number;
    sessionTtlMs: number;
    /** New conversations start with the bot (unless a department was chosen). */
    botEnabled: boolean;
    /** An agent whose last socket closed is away at once and offline after this long. */
    awayToOfflineMs: number;
    /** Queues are looked at least this often. */
    routingSweepMs: number;
  };
}
