/**
 * Start what compose.ts built: listen, print where to go, and shut down gracefully on SIGTERM or
 * SIGINT (stop accepting, finish in-flight requests, close sockets with "going away", stop jobs).
 */
import { DEMO_PASSWORD, demoAgents } from './app/demo/seed-demo.ts';
import type { Config } from './config.ts';
import { composePlatform } from './compose.ts';

export async function serve(config: Config): Promise<void> {
  const platform = await composePlatform(config);
  const { app, logger } = platform;
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
  logger.info({ url, mode: config.mode, roles: config.ROLES }, 'relaydesk is listening');
  printWelcome(config, url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await platform.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function printWelcome(config: Config, url: string): void {
  if (config.LOG_LEVEL === 'silent') return;
  const lines = [
    '',
    `  relaydesk is running at ${url}  (${config.mode} mode${config.mode === 'embedded' ? `, data in ${config.DATA_DIR}` : ''})`,
    `  API reference: ${url}/api/docs    websocket: ${url.replace(/^http/, 'ws')}/ws`,
  ];
  if (config.SEED_DEMO_DATA) {
    lines.push(`  Demo agent logins (password "${DEMO_PASSWORD}"):`);
    for (const agent of demoAgents) lines.push(`    ${agent.email.padEnd(28)} ${agent.roles.join(', ')}`);
  }
  if (config.DEMO_MODE) lines.push(`  Demo customer tokens: POST ${url}/api/v1/demo/customer-token {"userId":"demo-001"}`);
  lines.push('');
  process.stderr.write(`${lines.join('\n')}\n`);
}
