// Jira: plain text ↔ Atlassian Document Format (ADF), the JSON rich text REST API v3 takes and gives
// for an issue's description. Text goes into text nodes as data, never parsed as markup, so a
// follow-up's text cannot format or link anything; only http(s) URLs we put there become links.

export type AdfMark = { type: 'link'; attrs: { href: string } } | { type: 'code' };
export type AdfInline = { type: 'text'; text: string; marks?: AdfMark[] } | { type: 'hardBreak' };
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfParagraph[];
}

const URL_IN_TEXT = /https?:\/\/[^\s()<>]+/g;

/** One line's text nodes: its http(s) URLs linked, the rest plain. */
function inline(line: string): AdfInline[] {
  const out: AdfInline[] = [];
  let at = 0;
  for (const m of line.matchAll(URL_IN_TEXT)) {
    if (m.index > at) out.push({ type: 'text', text: line.slice(at, m.index) });
    out.push({ type: 'text', text: m[0], marks: [{ type: 'link', attrs: { href: m[0] } }] });
    at = m.index + m[0].length;
  }
  if (at < line.length) out.push({ type: 'text', text: line.slice(at) });
  return out;
}

/**
 * Lines to a document: '' separates paragraphs, lines within one are joined by hard breaks (ADF
 * refuses an empty text node, so empty lines make none). `code` is a last paragraph in code style.
 */
export function toAdf(lines: readonly string[], code?: { label: string; text: string }): AdfDoc {
  const paragraphs: string[][] = [[]];
  for (const line of lines) {
    if (line === '') paragraphs.push([]);
    else paragraphs[paragraphs.length - 1]!.push(line);
  }
  const content: AdfParagraph[] = paragraphs
    .filter((p) => p.length > 0)
    .map((p) => ({ type: 'paragraph', content: p.flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' } as const] : []), ...inline(line)]) }));
  if (code) content.push({ type: 'paragraph', content: [{ type: 'text', text: code.label }, { type: 'text', text: code.text, marks: [{ type: 'code' }] }] });
  return { type: 'doc', version: 1, content };
}

/** The plain text of any ADF node (Jira's own documents hold more node types than we write). */
export function adfText(node: unknown): string {
  if (node === null || typeof node !== 'object') return '';
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (n.type === 'text' && typeof n.text === 'string') return n.text;
  if (n.type === 'hardBreak') return '\n';
  if (!Array.isArray(n.content)) return '';
  const inner = n.content.map(adfText);
  return n.type === 'doc' ? inner.join('\n\n') : inner.join('');
}
