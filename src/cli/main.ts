/** The `relaydesk` command: serve, migrate, seed, eval, and configuration helpers. */
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
  .command('train')
  .description('Train the intent model on content/intents plus stored examples, and cache it for serve')
  .option('--add <file>', 'first store the labelled examples of this file (CSV text,category or JSONL {"text","intent","lang"?})')
  .action(async (options: { add?: string }) => {
    const { trainBot } = await import('../compose.ts');
    const result = await trainBot(config(), { addFile: options.add }).catch((err: unknown) => {
      // A bad file or an unknown intent is the user's to fix: say what, without a stack trace.
      process.stderr.write(`relaydesk train: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    });
    process.stdout.write(`${result.added} examples added (${result.skipped} already stored); trained on content/intents + ${result.extraExamples} stored examples`
      + ` in ${result.seconds.toFixed(1)} s${result.trainedNow ? '' : ' (unchanged: cached model)'}; serve loads it at its next start\n`);
  });

const evaluate = program.command('eval').description('Measure the support bot on a labelled test file');

evaluate
  .command('secrets')
  .description('Precision and recall of the secrets guard on JSONL lines {"text", "secret": true|false}')
  .requiredOption('--test <file>', 'labelled JSONL file')
  .option('--json', 'print one JSON object')
  .action(async (options: { test: string; json?: boolean }) => {
    const { evalSecrets } = await import('./eval-secrets.ts');
    process.exitCode = await evalSecrets({ test: options.test, json: options.json === true }, process.stdout);
  });

evaluate
  .command('intents')
  .description('Accuracy, macro-F1, per-language accuracy and latency of the intent classifier (CSV text,category or JSONL {"text","intent","lang"?})')
  .requiredOption('--test <file>', 'labelled test file')
  .option('--train <file>', 'train a fresh model on this file alone instead of the shipped one')
  .option('--json', 'print one JSON object')
  .action(async (options: { test: string; train?: string; json?: boolean }) => {
    const { evalIntents } = await import('./eval-intents.ts');
    process.exitCode = await evalIntents({ test: options.test, train: options.train, json: options.json === true }, process.stdout);
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
