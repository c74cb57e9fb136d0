/**
 * The knowledge base the bot answers from: every article in content/kb/ is a valid file, names
 * real intents, covers every question the bot should answer from the knowledge base, and reads
 * in the languages the bot promises before it falls back to English.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { intentCatalogueFile } from '../../../src/contracts/content.ts';
import {
  KB_SUMMARY_MAX_LENGTH,
  kbArticleFile,
  kbArticleProblems,
  type KbArticleFile,
} from '../../../src/contracts/kb-content.ts';
import { languages, type Department, type Language } from '../../../src/core/conversations/types.ts';

const kbDir = fileURLToPath(new URL('../../../content/kb/', import.meta.url));
const cataloguePath = fileURLToPath(new URL('../../../content/intents/catalogue.json', import.meta.url));

/** Intents the bot handles in conversation (small talk, hand-over, complaints), not with an article. */
const conversationalIntents = ['greeting', 'out_of_scope', 'talk_to_human', 'complaint'];
/** Languages every article is written in; the others fall back to English for now. */
// Every article in every served language: the bot answers each customer in their own.
const requiredLanguages: readonly Language[] = languages;
const minimumArticles = 40;

const catalogue = intentCatalogueFile.parse(JSON.parse(readFileSync(cataloguePath, 'utf8')));
const intentDepartments = new Map<string, Department>(catalogue.intents.map((intent) => [intent.id, intent.department]));

const files = readdirSync(kbDir).filter((name) => name.endsWith('.json')).sort();
const articles = files.map((name) => {
  const parsed = kbArticleFile.safeParse(JSON.parse(readFileSync(kbDir + name, 'utf8')));
  return { name, slug: name.slice(0, -'.json'.length), parsed };
});
const validArticles: KbArticleFile[] = articles.flatMap(({ parsed }) => (parsed.success ? [parsed.data] : []));

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

const englishArticle = {
  en: {
    title: 'I forgot the memo',
    summary: 'Send us the TXID and we recover it.',
    body: 'Some networks need a **memo**.\n\n1. Open the deposit page.\n2. Copy the memo.',
  },
};
const validFile = {
  slug: 'deposit-missing-memo',
  intents: ['deposit_missing_memo'],
  department: 'deposits',
  tags: ['memo'],
  translations: englishArticle,
};

describe('the knowledge-base schema', () => {
  it('accepts a well-formed article', () => {
    expect(kbArticleFile.safeParse(validFile).success).toBe(true);
  });

  it.each([
    ['an article without English', { ...validFile, translations: { es: englishArticle.en } }],
    ['a language the platform does not serve', { ...validFile, translations: { ...englishArticle, xx: englishArticle.en } }],
    ['a slug that is not kebab-case', { ...validFile, slug: 'Deposit_Missing_Memo' }],
    ['an unknown department', { ...validFile, department: 'marketing' }],
    ['an article that answers no intent', { ...validFile, intents: [] }],
    ['a summary too long for one chat message', { ...validFile, translations: { en: { ...englishArticle.en, summary: 'x'.repeat(KB_SUMMARY_MAX_LENGTH + 1) } } }],
    ['raw HTML in the body', { ...validFile, translations: { en: { ...englishArticle.en, body: 'Click <a href="https://evil.example">here</a>' } } }],
    ['a script tag in the body', { ...validFile, translations: { en: { ...englishArticle.en, body: 'Hi <script>alert(1)</script>' } } }],
    ['an unknown field', { ...validFile, author: 'someone' }],
  ])('refuses %s', (_case, file) => {
    expect(kbArticleFile.safeParse(file).success).toBe(false);
  });

  it('allows a less-than sign before a number, which is not a tag', () => {
    const body = 'Fees are usually <1% of the amount.';
    expect(kbArticleFile.safeParse({ ...validFile, translations: { en: { ...englishArticle.en, body } } }).success).toBe(true);
  });

  it('reports a slug that differs from its file, an unknown intent and a department owning none of the intents', () => {
    const article = kbArticleFile.parse({ ...validFile, intents: ['deposit_missing_memo', 'moon_landing'], department: 'trading' });
    const problems = kbArticleProblems(article, 'forgot-memo', intentDepartments);
    expect(problems).toEqual([
      expect.stringContaining('file name'),
      expect.stringContaining('moon_landing'),
    ]);
    const misfiled = kbArticleFile.parse({ ...validFile, department: 'trading' });
    expect(kbArticleProblems(misfiled, misfiled.slug, intentDepartments)).toEqual([expect.stringContaining('trading')]);
    expect(kbArticleProblems(kbArticleFile.parse(validFile), validFile.slug, intentDepartments)).toEqual([]);
  });
});

describe('content/kb', () => {
  it(`holds at least ${minimumArticles} articles`, () => {
    expect(files.length).toBeGreaterThanOrEqual(minimumArticles);
  });

  it('has only valid article files', () => {
    const invalid = articles
      .filter(({ parsed }) => !parsed.success)
      .map(({ name, parsed }) => `${name}: ${parsed.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    expect(invalid).toEqual([]);
  });

  it('names each file after its slug, cites catalogue intents and files it under an owning department', () => {
    const problems = articles.flatMap(({ slug, parsed }) =>
      parsed.success ? kbArticleProblems(parsed.data, slug, intentDepartments).map((p) => `${slug}: ${p}`) : [],
    );
    expect(problems).toEqual([]);
  });

  it('answers every intent the bot answers from the knowledge base', () => {
    for (const intent of conversationalIntents) expect(intentDepartments.has(intent), intent).toBe(true);
    const covered = new Set(validArticles.flatMap((article) => article.intents));
    const answerable = catalogue.intents.map((intent) => intent.id).filter((id) => !conversationalIntents.includes(id));
    expect(answerable.filter((id) => !covered.has(id))).toEqual([]);
  });

  it(`has every article in ${requiredLanguages.join(', ')}`, () => {
    const missing = validArticles.flatMap((article) =>
      requiredLanguages.filter((language) => !article.translations[language]).map((language) => `${article.slug}: ${language}`),
    );
    expect(missing).toEqual([]);
  });

  it(`keeps every summary within ${KB_SUMMARY_MAX_LENGTH} characters, the length of one chat message`, () => {
    const long = validArticles.flatMap((article) =>
      Object.entries(article.translations)
        .filter(([, translation]) => [...translation.summary].length > KB_SUMMARY_MAX_LENGTH)
        .map(([language]) => `${article.slug}: ${language}`),
    );
    expect(long).toEqual([]);
  });

  it('writes bodies in markdown without raw HTML tags', () => {
    const withHtml = validArticles.flatMap((article) =>
      Object.entries(article.translations)
        .filter(([, translation]) => /<[a-z]/i.test(translation.body))
        .map(([language]) => `${article.slug}: ${language}`),
    );
    expect(withHtml).toEqual([]);
  });

  it('keeps English bodies between 120 and 300 words: enough to help, short enough to read in chat', () => {
    const outOfRange = validArticles
      .map((article) => ({ slug: article.slug, words: wordCount(article.translations.en?.body ?? '') }))
      .filter(({ words }) => words < 120 || words > 300);
    expect(outOfRange).toEqual([]);
  });

  it('gives each article a distinct English title', () => {
    const titles = validArticles.map((article) => article.translations.en?.title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
