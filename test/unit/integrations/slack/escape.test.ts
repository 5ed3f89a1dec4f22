// Test: mrkdwn escaping and truncation of untrusted text
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, escapeMrkdwn, mrkdwnText, plainText, truncate, unescapeMrkdwn } from '../../../../src/integrations/slack/escape.js';

/** No lone surrogate (String.prototype.isWellFormed is past our ES2023 lib). */
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('escapeMrkdwn', () => {
  it('turns broadcasts, mentions and links into literal text', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> <https://evil|click>')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil|click&gt;',
    );
  });

  it('escapes an ampersand, including one that already looks like an entity', () => {
    expect(escapeMrkdwn('R&D &amp; ops')).toBe('R&amp;D &amp;amp; ops');
  });

  it('leaves every other character alone', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c` "q" \'a\' é 🔥')).toBe('*bold* _it_ ~s~ `c` "q" \'a\' é 🔥');
  });

  it('for any string: no < or > survives, and unescaping gives the string back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const escaped = escapeMrkdwn(s);
        expect(escaped).not.toMatch(/[<>]/);
        expect(unescapeMrkdwn(escaped)).toBe(s);
      }),
    );
  });

  it('unescapes in one pass, so &amp;lt; stays &lt;', () => {
    expect(unescapeMrkdwn('&amp;lt;')).toBe('&lt;');
  });
});

describe('truncate', () => {
  it('keeps text that fits', () => {
    expect(truncate('short', 5)).toBe('short');
  });

  it('cuts with an ellipsis and trims the space before it', () => {
    expect(truncate('hello wonderful world', 10)).toBe(`hello won${ELLIPSIS}`);
    expect(truncate('hello world', 7)).toBe(`hello${ELLIPSIS}`);
  });

  it('never cuts inside an entity', () => {
    expect(truncate(escapeMrkdwn('a&b'), 5)).toBe(`a${ELLIPSIS}`);
    expect(truncate(escapeMrkdwn('ab<c'), 6)).toBe(`ab${ELLIPSIS}`);
  });

  it('never cuts a surrogate pair or an emoji sequence', () => {
    expect(truncate('ab🔥🔥🔥', 4)).toBe(`ab${ELLIPSIS}`);
    expect(truncate('x👨‍👩‍👧y and more', 9)).toBe(`x${ELLIPSIS}`);
    expect(truncate('x👨‍👩‍👧y and more', 10)).toBe(`x👨‍👩‍👧${ELLIPSIS}`);
  });

  it('never cuts one of our <…> tokens', () => {
    expect(truncate('see <https://example.com|the graph> now', 20)).toBe(`see${ELLIPSIS}`);
  });

  it('gives nothing when there is no room even for the ellipsis', () => {
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('abc', 1)).toBe(ELLIPSIS);
  });

  it('for any string and limit: never longer than the limit, and a prefix of the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 0, max: 250 }), (s, max) => {
        const cut = truncate(s, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(s.startsWith(cut.endsWith(ELLIPSIS) && cut !== s ? cut.slice(0, -1) : cut)).toBe(true);
      }),
    );
  });

  it('for any string: an escaped, truncated text unescapes to a prefix of the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
        const cut = mrkdwnText(s, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut).not.toMatch(/[<>]/);
        expect(cut).not.toMatch(/&(?!amp;|lt;|gt;)/);
        const body = cut.length < escapeMrkdwn(s).length ? cut.slice(0, -1) : cut;
        expect(s.startsWith(unescapeMrkdwn(body))).toBe(true);
        if (wellFormed(s)) expect(wellFormed(cut)).toBe(true);
      }),
    );
  });
});

describe('plainText', () => {
  it('makes an escaped, shortened plain_text object with emoji on', () => {
    expect(plainText('<!here> x', 9)).toEqual({ type: 'plain_text', text: `&lt;!her${ELLIPSIS}`, emoji: true });
  });

  it('never makes an empty text object, which Slack rejects', () => {
    expect(plainText('   ', 10).text).toBe('—');
  });
});
