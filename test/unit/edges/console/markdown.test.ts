// Edge (console): the post-mortem's Markdown as HTML — tables and lists rendered, raw HTML and
// script links never, headings below the page's own.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../../src/edges/console/markdown.js';

describe('renderMarkdown', () => {
  it('renders headings two levels down, tables and task lists', () => {
    const out = renderMarkdown('# Post-mortem\n\n## Key times\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] follow up\n').text;
    expect(out).toContain('<h3>Post-mortem</h3>');
    expect(out).toContain('<h4>Key times</h4>');
    expect(out).toContain('<table>');
    expect(out).toContain('<li>[ ] follow up</li>');
  });

  it('escapes raw HTML and drops links that are not http(s), mailto or on this site', () => {
    const out = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](https://ok.example/x) [d](/incidents/2)').text;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toMatch(/href="(javascript|data):/i);
    expect(out).toContain('<a href="https://ok.example/x" rel="noopener noreferrer">c</a>');
    expect(out).toContain('<a href="/incidents/2">d</a>');
  });
});
