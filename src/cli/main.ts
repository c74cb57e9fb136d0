/** The `relaydesk` command: serve, migrate, seed, and configuration helpers. */
import { Command, Option } from 'commander';
import { ConfigError, describeConfig, envExample, loadConfig, type Config } from '../config.ts';

function config(overrides: Record<string, string | undefined> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command('relaydesk').description('Customer support for crypto exchanges');

program
  .command('serve')
  .description('Run the platform (HTTP API, websocket gateway, job worker)')
  .addOption(new Option('--roles <roles>', 'any of web,realtime,worker').env('ROLES'))
  .addOption(new Option('--port <port>', 'port to listen on').env('PORT'))
  .action(async (options: { roles?: string; port?: string }) => {
    const { serve } = await import('../main.ts');
    await serve(config({ ROLES: options.roles, PORT: options.port }));
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const { openDatabase } = await import('../compose.ts');
    const db = await openDatabase(config());
    await db.close();
    process.stdout.write('migrations applied\n');
  });

program
  .command('seed')
  .description('Seed the demo agents, conversations and simulated exchange (only into an empty database)')
  .action(async () => {
    const { composePlatform } = await import('../compose.ts');
    const platform = await composePlatform(config({ SEED_DEMO_DATA: 'true', ROLES: 'web' }));
    await platform.close();
    process.stdout.write('demo data present\n');
  });

program
  .command('config')
  .description('Validate the configuration and print it (sensitive values masked)')
  .action(() => {
    process.stdout.write(`${JSON.stringify(describeConfig(config()), null, 2)}\n`);
  });

program
  .command('env-example')
  .description('Print .env.example, generated from src/config.ts')
  .action(() => {
    process.stdout.write(envExample());
  });

await program.parseAsync(process.argv);
