/**
 * The knowledge base in SQL (kb_articles, kb_translations) with an in-memory retrieval index over
 * it, rebuilt whenever articles change. Retrieval: articles written for the intent first, ranked
 * by TF-IDF similarity of the customer's words to the article in their language.
 */
import type { KbAnswer } from '../../core/bot/turn-types.ts';
import type { Language } from '../../core/conversations/types.ts';
import type { KbArticleFile } from '../../contracts/kb-content.ts';
import type { KbArticle, KnowledgeBase } from '../../ports/bot.ts';
import type { Database } from '../store/sql-client.ts';

interface IndexedTranslation {
  slug: string;
  language: Language;
  title: string;
  summary: string;
  terms: Map<string, number>;
}

interface IndexedArticle {
  slug: string;
  intents: string[];
  translations: Map<Language, IndexedTranslation>;
}

/** Words for Latin/Cyrillic/Arabic scripts, character bigrams for scripts written without spaces. */
export function kbTerms(text: string): string[] {
  const lower = text.normalize('NFKC').toLowerCase();
  const terms: string[] = [];
  for (const token of lower.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(token)) {
      const chars = [...token];
      for (let i = 0; i < chars.length - 1; i += 1) terms.push(`${chars[i]}${chars[i + 1]}`);
      if (chars.length === 1) terms.push(token);
    } else if (token.length > 1) {
      terms.push(token);
    }
  }
  return terms;
}

function counts(terms: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const term of terms) map.set(term, (map.get(term) ?? 0) + 1);
  return map;
}

export class SqlKnowledgeBase implements KnowledgeBase {
  private articles: IndexedArticle[] = [];
  private documentFrequency = new Map<string, number>();
  private documents = 0;

  constructor(private readonly db: Database, private readonly articleUrl: (slug: string, language: Language) => string) {}

  /**
   * Insert shipped articles and translations that are not in the database yet; keeps edits. Two
   * set-based statements, not one per row: this runs at every start.
   */
  async seed(files: KbArticleFile[], now: Date): Promise<void> {
    const translations = files.flatMap((file) =>
      Object.entries(file.translations).flatMap(([language, t]) => (t ? [{ slug: file.slug, language, ...t }] : [])));
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO kb_articles (slug, department, intents, tags, updated_at)
         SELECT a.slug, a.department, ARRAY(SELECT jsonb_array_elements_text(a.intents)),
           ARRAY(SELECT jsonb_array_elements_text(a.tags)), $2
         FROM jsonb_to_recordset($1::jsonb) AS a(slug text, department text, intents jsonb, tags jsonb)
         ON CONFLICT (slug) DO NOTHING`,
        [JSON.stringify(files.map(({ slug, department, intents, tags }) => ({ slug, department, intents, tags }))), now],
      );
      await tx.query(
        `INSERT INTO kb_translations (slug, language, title, summary, body, updated_at)
         SELECT t.slug, t.language, t.title, t.summary, t.body, $2
         FROM jsonb_to_recordset($1::jsonb) AS t(slug text, language text, title text, summary text, body text)
         ON CONFLICT (slug, language) DO NOTHING`,
        [JSON.stringify(translations), now],
      );
    });
    await this.rebuild();
  }

  /** Reload every article into the retrieval index (after seeding or an edit). */
  async rebuild(): Promise<void> {
    const rows = await this.db.sql.query<{ slug: string; intents: string[]; language: Language; title: string; summary: string; body: string }>(
      `SELECT a.slug, a.intents, t.language, t.title, t.summary, t.body
       FROM kb_articles a JOIN kb_translations t ON t.slug = a.slug ORDER BY a.slug, t.language`,
      [],
    );
    const bySlug = new Map<string, IndexedArticle>();
    const frequency = new Map<string, number>();
    for (const row of rows) {
      const article = bySlug.get(row.slug) ?? { slug: row.slug, intents: row.intents, translations: new Map() };
      const terms = counts(kbTerms(`${row.title} ${row.title} ${row.summary} ${row.body}`));
      for (const term of terms.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
      article.translations.set(row.language, { slug: row.slug, language: row.language, title: row.title, summary: row.summary, terms });
      bySlug.set(row.slug, article);
    }
    this.articles = [...bySlug.values()];
    this.documentFrequency = frequency;
    this.documents = rows.length;
  }

  bestArticle(intent: string, text: string, language: Language): Promise<KbAnswer | null> {
    const candidates = this.articles.filter((a) => a.intents.includes(intent));
    if (candidates.length === 0) return Promise.resolve(null);
    const query = counts(kbTerms(text));
    let best: { score: number; translation: IndexedTranslation } | null = null;
    for (const article of candidates) {
      const translation = article.translations.get(language) ?? article.translations.get('en');
      if (!translation) continue;
      // The article's first intent is the one it was written for: it wins ties.
      const score = this.similarity(query, translation.terms) + (article.intents[0] === intent ? 0.01 : 0);
      if (!best || score > best.score) best = { score, translation };
    }
    if (!best) return Promise.resolve(null);
    const t = best.translation;
    return Promise.resolve({ slug: t.slug, title: t.title, summary: t.summary, language: t.language, url: this.articleUrl(t.slug, t.language) });
  }

  async article(slug: string, language: Language): Promise<KbArticle | null> {
    const rows = await this.db.sql.query<{ language: Language; title: string; summary: string; body: string }>(
      `SELECT language, title, summary, body FROM kb_translations WHERE slug = $1 AND language IN ($2, 'en')`,
      [slug, language],
    );
    const row = rows.find((r) => r.language === language) ?? rows.find((r) => r.language === 'en');
    return row ? { slug, ...row } : null;
  }

  private similarity(query: Map<string, number>, document: Map<string, number>): number {
    let score = 0;
    for (const [term, n] of query) {
      const inDocument = document.get(term);
      if (!inDocument) continue;
      const idf = Math.log(1 + this.documents / (1 + (this.documentFrequency.get(term) ?? 0)));
      score += n * Math.log(1 + inDocument) * idf * idf;
    }
    return score;
  }
}
