import type { KbArticle } from '../../../ports/bot.ts';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The article as a readable page: every piece of text escaped, paragraphs kept. */
export function articlePage(article: KbArticle): string {
  const dir = article.language === 'ar' ? 'rtl' : 'ltr';
  const paragraphs = article.body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p.replace(/^#+\s*/, '')).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="${article.language}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(article.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.55 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}.summary{color:#4a5561}</style></head>
<body>
<h1>${escapeHtml(article.title)}</h1>
<p class="summary">${escapeHtml(article.summary)}</p>
${paragraphs}
</body></html>`;
}
