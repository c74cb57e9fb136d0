/** Reads the shipped knowledge-base articles from content/kb, validated by their schema. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kbArticleFile, kbArticleProblems, type KbArticleFile } from '../../contracts/kb-content.ts';
import type { Department } from '../../core/conversations/types.ts';

/**
 * Every article under `dir`; a broken file fails loudly with its name (a test checks them all).
 * `intentDepartments` (the catalogue) also checks slugs, intents and departments across files.
 */
export async function readKbArticles(dir: string, intentDepartments: ReadonlyMap<string, Department>): Promise<KbArticleFile[]> {
  const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => {
    const parsed = kbArticleFile.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`content/kb/${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const problems = kbArticleProblems(parsed.data, name.replace(/\.json$/, ''), intentDepartments);
    if (problems.length > 0) throw new Error(`content/kb/${name}: ${problems.join('; ')}`);
    return parsed.data;
  }));
}
