// Edge (console): Markdown (the post-mortem draft) → HTML with markdown-it: raw HTML in the text is
// escaped, not passed through (`html: false`), links that are not http(s), mailto or site paths are
// dropped by markdown-it's own check, and headings move down two levels so the document sits under
// the page's own <h1> and section <h2>. A kept library rather than our own parser: tables, lists and
// escaping done by one with years of hostile input behind it.
import MarkdownIt from 'markdown-it';
import { SafeHtml } from './html.js';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const lower = (tokens: Array<{ tag: string }>, idx: number) => {
  const token = tokens[idx]!;
  if (/^h[1-6]$/.test(token.tag)) token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
};
md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
  lower(tokens, idx);
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
  lower(tokens, idx);
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (!/^(https?:|mailto:|\/(?!\/)|#)/i.test(href)) token.attrSet('href', '#');
  else if (/^https?:/i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

export function renderMarkdown(text: string): SafeHtml {
  return new SafeHtml(md.render(text));
}
