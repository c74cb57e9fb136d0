/** Teaching the bot: leads, QA and admins add labelled examples; everything else is refused. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type TestPlatform } from '../../support/build.ts';
import { trainBot } from '../../../src/compose.ts';
import { loadConfig } from '../../../src/config.ts';

describe('training examples', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await build();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (cookie: string, payload: unknown) =>
    t.platform.app.inject({ method: 'POST', url: '/api/v1/bot/training-examples', headers: { cookie }, payload: payload as object });

  it('stores a lead\'s corrections once, with secrets removed, for the next training', async () => {
    const lead = await t.agent(['lead']);
    const examples = [
      { text: 'mi USDT sigue sin aparecer en la billetera', intent: 'deposit_not_credited', language: 'es' },
      { text: 'my password is Hunter2!x and it stopped working', intent: 'password_reset' },
    ];
    const first = await post(lead.cookie, { examples });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ added: 2, skipped: 0 });
    expect((await post(lead.cookie, { examples })).json()).toEqual({ added: 0, skipped: 2 });
    const stored = await t.platform.deps.botStore.trainingExamples();
    expect(stored.map((e) => e.text).join(' ')).not.toContain('Hunter2');
    expect(stored[0]).toMatchObject({ intent: 'deposit_not_credited', language: 'es', source: 'api' });
  });

  it('refuses unknown intents, bad bodies and agents without the right role, storing nothing', async () => {
    const lead = await t.agent(['lead']);
    const before = (await t.platform.deps.botStore.trainingExamples()).length;
    const unknown = await post(lead.cookie, { examples: [{ text: 'hello there', intent: 'make_me_rich' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual({ unknownIntents: ['make_me_rich'] });
    expect((await post(lead.cookie, { examples: [] })).statusCode).toBe(400);
    expect((await post(lead.cookie, { examples: [{ text: 'x', intent: 'fees', extra: 1 }] })).statusCode).toBe(400);
    const agent = await t.agent(['agent']);
    expect((await post(agent.cookie, { examples: [{ text: 'what are the fees', intent: 'fees' }] })).statusCode).toBe(403);
    expect((await t.platform.deps.botStore.trainingExamples()).length).toBe(before);
  });

  it('`relaydesk train --add` refuses a malformed file before training, naming the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relaydesk-train-'));
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, '{"text":"ok","intent":"fees"}\n{"text": broken\n');
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' });
    await expect(trainBot(config, { addFile: file })).rejects.toThrow(/line 2/);
    // Opens and migrates a fresh embedded database first: seconds alone, over 30 s on a busy machine.
  }, 120_000);
});
