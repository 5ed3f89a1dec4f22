// Slack: escaping and truncating untrusted text for mrkdwn and plain_text objects (pure)
import type { PlainTextElement } from '@slack/types';

/**
 * Slack's documented limits, in characters. We count UTF-16 code units (`string.length`), which is
 * never fewer than the characters Slack counts, so staying under these is always safe.
 */
export const SLACK_LIMITS = {
  /** Text of a section block. */
  sectionText: 3000,
  /** Each of a section's fields (at most 10 of them). */
  sectionField: 2000,
  sectionFields: 10,
  /** Any text object's text (e.g. each context element). */
  textObject: 3000,
  /** Context block: at most 10 elements. */
  contextElements: 10,
  /** Header block: plain_text only. */
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  /** action_id, block_id, callback_id. */
  id: 255,
  /** Top-level `text` of a message: Slack truncates longer messages. */
  messageText: 40000,
  messageBlocks: 50,
  /** conversations.setTopic answers `too_long` past this. */
  topic: 250,
  /** Modal title, submit and close buttons. */
  modalTitle: 24,
  modalBlocks: 100,
  homeBlocks: 100,
  privateMetadata: 3000,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInput: 3000,
  channelName: 80,
} as const;

export const ELLIPSIS = '…';

/**
 * Escapes the three characters Slack treats as control characters (`&`, `<`, `>`), so untrusted text
 * such as `<!channel>` or `<https://evil|click>` renders as itself: it pings nobody and links nowhere.
 * Slack asks for exactly these three and nothing else to be entity-encoded.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** The inverse of `escapeMrkdwn`, in one pass so `&amp;lt;` becomes `&lt;` and not `<`. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

// Units a cut must not split: an entity, one of our own `<…>` tokens (mentions, links, dates: after
// escaping, any `<` left is ours), or a user-perceived character (surrogate pairs, ZWJ emoji).
const ATOMIC = /(&(?:amp|lt|gt);|<[^<>]*>)/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Shortens `text` to at most `max` UTF-16 code units, ending in `…` when cut. A cut never falls
 * inside an entity (`&amp;`), a `<…>` token, or a grapheme (surrogate pairs, emoji sequences), so
 * the result stays valid mrkdwn and valid UTF-16.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  const budget = max - ELLIPSIS.length;
  let out = '';
  // split() with a capture group puts the atomic tokens at the odd indexes.
  const parts = text.split(ATOMIC);
  outer: for (const [i, part] of parts.entries()) {
    const units = i % 2 === 1 ? [part] : Array.from(graphemes.segment(part), (s) => s.segment);
    for (const unit of units) {
      if (out.length + unit.length > budget) break outer;
      out += unit;
    }
  }
  return out.trimEnd() + ELLIPSIS;
}

/** Escape then truncate: the one call for untrusted text going into a mrkdwn field. */
export function mrkdwnText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

/**
 * A plain_text object. Slack does not parse mentions or links in plain_text, but the text is escaped
 * all the same: Slack decodes the three entities in every text object, and a payload that never
 * carries a raw `<!channel>` cannot leak one into a fallback or a log rendered as mrkdwn. Text
 * objects must not be empty, so blank text becomes `fallback`.
 */
export function plainText(text: string, max: number, fallback = '—'): PlainTextElement {
  const body = text.trim() === '' ? fallback : text;
  return { type: 'plain_text', text: mrkdwnText(body, max), emoji: true };
}
