/**
 * Schema of content/kb/<slug>.json: one knowledge-base article, the intents it answers and its
 * translations. The bot sends the summary of the best article in the customer's language and
 * falls back to English (always present) when that language is missing; the help center renders
 * the markdown body.
 */
import { z } from 'zod';
import { departments, languages, type Department } from '../core/conversations/types.ts';
import { intentId } from './content.ts';

/** Longest summary the bot sends as one chat message (characters). */
export const KB_SUMMARY_MAX_LENGTH = 240;

/** The language every article must have: the bot's fallback. */
export const KB_FALLBACK_LANGUAGE = 'en';

/** kebab-case article slug, equal to the file name without `.json`. */
export const kbSlug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case');

// Markdown passes raw HTML through to the page: an article could smuggle a script into the help
// center. Bodies are markdown only; a `<` followed by a letter (or `/`, `!`) opens a tag.
const rawHtmlTag = /<[a-z/!]/i;

/** An article in one language. */
export const kbTranslation = z.strictObject({
  title: z.string().trim().min(1).max(120),
  summary: z.string().trim().min(1).max(KB_SUMMARY_MAX_LENGTH),
  body: z
    .string()
    .trim()
    .min(1)
    .max(10_000)
    .refine((body) => !rawHtmlTag.test(body), 'markdown only: no raw HTML tags'),
});
export type KbTranslation = z.infer<typeof kbTranslation>;

/** content/kb/<slug>.json */
export const kbArticleFile = z.strictObject({
  slug: kbSlug,
  intents: z.array(intentId).min(1),
  department: z.enum(departments),
  tags: z.array(z.string().trim().min(1).max(40)),
  translations: z
    .partialRecord(z.enum(languages), kbTranslation)
    .refine((translations) => translations[KB_FALLBACK_LANGUAGE] !== undefined, {
      message: `"${KB_FALLBACK_LANGUAGE}" is required: the bot falls back to it`,
    }),
});
export type KbArticleFile = z.infer<typeof kbArticleFile>;

/**
 * What a schema cannot see in one file: the slug must name the file, the intents must exist in
 * the catalogue, and the article's department must own at least one of its intents (an article
 * about deposits belongs to the deposits team). Returns one line per problem, empty when sound.
 */
export function kbArticleProblems(
  article: KbArticleFile,
  fileSlug: string,
  intentDepartments: ReadonlyMap<string, Department>,
): string[] {
  const problems: string[] = [];
  if (article.slug !== fileSlug) problems.push(`slug "${article.slug}" differs from the file name "${fileSlug}"`);
  const unknown = article.intents.filter((intent) => !intentDepartments.has(intent));
  for (const intent of unknown) problems.push(`intent "${intent}" is not in the catalogue`);
  const owners = article.intents.map((intent) => intentDepartments.get(intent));
  if (unknown.length === 0 && !owners.includes(article.department)) {
    problems.push(`department "${article.department}" owns none of the intents ${article.intents.join(', ')}`);
  }
  return problems;
}
