import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one node, served at /metrics. */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  wsConnections: Gauge<'kind'>;
  messages: Counter<'author'>;
  wsDisconnects: Counter<'reason'>;
}

export function createMetrics(jobQueueDepth: () => Promise<number>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'relaydesk_' });
  const metrics: Metrics = {
    registry,
    httpDuration: new Histogram({
      name: 'relaydesk_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    wsConnections: new Gauge({
      name: 'relaydesk_websocket_connections',
      help: 'Open websocket connections by principal kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    messages: new Counter({
      name: 'relaydesk_messages_total',
      help: 'Messages committed through this node (rate() gives messages/s)',
      labelNames: ['author'],
      registers: [registry],
    }),
    wsDisconnects: new Counter({
      name: 'relaydesk_websocket_disconnects_total',
      help: 'Websocket connections closed by the server, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'relaydesk_job_queue_depth',
    help: 'Durable jobs due and not done',
    registers: [registry],
    async collect() {
      this.set(await jobQueueDepth().catch(() => -1));
    },
  });
  return metrics;
}
