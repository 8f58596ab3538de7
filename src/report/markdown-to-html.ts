import { escapeHtml } from './template.js';

/**
 * A small, safe Markdown subset to HTML for the stored prose (summary, recommendations,
 * node results): headings, paragraphs, bullet and numbered lists, block quotes, tables,
 * **bold**, _italic_ and `code`. Every line is HTML-escaped BEFORE any markup is added,
 * so nothing from the data can become a tag or an attribute. Links and raw HTML are shown
 * as text.
 */
export function markdownToHtml(markdown: string, options: { minHeading?: number } = {}): string {
  const minHeading = options.minHeading ?? 3;
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  let quote: string[] = [];
  let table: string[][] = [];

  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${paragraph.map(inline).join('<br>\n')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  const flushQuote = () => {
    if (quote.length) out.push(`<blockquote>${markdownToHtml(quote.join('\n'), options)}</blockquote>`);
    quote = [];
  };
  const flushTable = () => {
    if (table.length) {
      const [head, ...body] = table.filter((row) => !row.every((c) => /^:?-{2,}:?$/.test(c)));
      out.push(
        `<table><thead><tr>${(head ?? []).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>` +
          body.map((row) => `<tr>${row.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>',
      );
    }
    table = [];
  };
  const flushAll = () => {
    flushParagraph();
    flushList();
    flushQuote();
    flushTable();
  };

  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('>')) {
      flushParagraph(); flushList(); flushTable();
      quote.push(trimmed.replace(/^>\s?/, ''));
      continue;
    }
    flushQuote();
    if (!trimmed) { flushAll(); continue; }
    if (/^\|.*\|$/.test(trimmed)) {
      flushParagraph(); flushList();
      table.push(trimmed.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|')));
      continue;
    }
    flushTable();
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    if (heading) {
      flushAll();
      const level = Math.min(6, Math.max(minHeading, heading[1]!.length + minHeading - 1));
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      continue;
    }
    if (/^(-{3,}|\*{3,})$/.test(trimmed)) { flushAll(); out.push('<hr>'); continue; }
    const bullet = /^[-*+]\s+(.*)$/.exec(trimmed);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(trimmed);
    if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
      continue;
    }
    if (list && /^\s{2,}/.test(line)) { list.items[list.items.length - 1] += ' ' + trimmed; continue; }
    flushList();
    paragraph.push(trimmed);
  }
  flushAll();
  return out.join('\n');
}

/** Inline markup on one line: escape first, then add the few tags. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/&#96;([^&]+?)&#96;/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,;:!?]|$)/g, '$1<em>$2</em>');
}
