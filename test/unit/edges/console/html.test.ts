// Edge (console): every interpolated value is escaped; only html`` results pass through; hrefs take
// http(s) and site paths only.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeUrl, SafeHtml } from '../../../../src/edges/console/html.js';

describe('escapeHtml', () => {
  it('escapes the characters that can open markup or leave an attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y' \`z\``)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;');
  });

  it('leaves plain text alone', () => {
    expect(escapeHtml('Checkout p99 above 2 s — eu-west-1')).toBe('Checkout p99 above 2 s — eu-west-1');
  });
});

describe('html``', () => {
  it('escapes interpolated strings in content and attributes', () => {
    const title = '"><img src=x onerror=alert(1)>';
    expect(html`<a title="${title}">${title}</a>`.text).toBe('<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>');
  });

  it('keeps nested html`` results, joins arrays, and drops null, undefined and false', () => {
    const items = ['<b>', 'ok'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>&lt;b&gt;</li><li>ok</li></ul>0');
  });

  it('does not trust a plain string that looks like markup', () => {
    const sneaky = { text: '<script>' } as unknown as string;
    expect(html`${String(sneaky)}`.text).toBe('[object Object]');
    expect(html`${'<i>'}`).toBeInstanceOf(SafeHtml);
    expect(html`${'<i>'}`.text).toBe('&lt;i&gt;');
  });
});

describe('safeUrl', () => {
  it('keeps http(s) and site-relative URLs', () => {
    expect(safeUrl('https://runbooks.example.com/a?b=1')).toBe('https://runbooks.example.com/a?b=1');
    expect(safeUrl('/incidents/4')).toBe('/incidents/4');
  });

  it('turns scripts, data, protocol-relative and unreadable URLs into #', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>', '//evil.example', 'not a url', '', null]) expect(safeUrl(bad)).toBe('#');
  });
});
