// Slack: the incident channel's name from a configurable pattern, always one Slack accepts (pure)
import type { Severity } from '../../domain/alert.js';

/**
 * What conversations.create accepts: lowercase letters, numbers, hyphens and underscores, at most 80
 * characters, and not punctuation only (`invalid_name_punctuation`). Slack also accepts non-Latin
 * lowercase letters; we keep to ASCII so every client and URL shows the name the same way.
 */
export const CHANNEL_NAME_PATTERN = /^(?=[a-z0-9_-]*[a-z0-9])[a-z0-9_-]{1,80}$/;
export const CHANNEL_NAME_MAX = 80;
export const DEFAULT_CHANNEL_PATTERN = 'inc-{number}-{slug}';

export interface ChannelNameInput {
  number: number | null;
  title: string;
  service: string | null;
  severity: Severity;
}

// Letters NFKD does not decompose into ASCII.
const TRANSLITERATE: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ħ: 'h', ŀ: 'l', ŋ: 'n',
};

/**
 * Lowercase ASCII words joined by `-`: accents dropped (é → e), other scripts and emoji removed.
 * Underscores survive (Slack allows them); any other run of separators becomes one `-`.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/[^ -~]/g, (c) => TRANSLITERATE[c] ?? ' ')
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/[-_]{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/** Cleans a whole rendered name: same alphabet, collapsed separators, none at either end. */
function tidy(name: string): string {
  return name.replace(/[^a-z0-9_-]+/g, '-').replace(/[-_]{2,}/g, '-').replace(/^[-_]+|[-_]+$/g, '');
}

/** Cuts at `max`, preferring a word boundary in the slug so a word is not left half. */
function cutSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  if (max <= 0) return '';
  const head = slug.slice(0, max);
  const boundary = head.lastIndexOf('-');
  return (boundary >= max / 2 ? head.slice(0, boundary) : head).replace(/[-_]+$/, '');
}

function render(pattern: string, values: Record<string, string>): string {
  return tidy(pattern.toLowerCase().replace(/\{(\w+)\}/g, (_, key: string) => (Object.hasOwn(values, key) ? values[key]! : '')));
}

/**
 * The channel name for an incident: `{number}`, `{slug}` (of the title), `{service}` and
 * `{severity}` are filled in; an unknown placeholder renders empty. A part that comes out empty (no
 * number yet, an all-emoji or all-CJK title) disappears with its separator: `inc-42`. The title's
 * slug is shortened first, at a word boundary, to stay within `maxLength` (at most 80).
 */
export function channelName(pattern: string, input: ChannelNameInput, maxLength = CHANNEL_NAME_MAX): string {
  const max = Math.max(1, Math.min(CHANNEL_NAME_MAX, Math.floor(maxLength)));
  const values = {
    number: input.number === null ? '' : String(input.number),
    service: slugify(input.service ?? ''),
    severity: input.severity,
    // With neither a number nor a usable title, the word keeps the name meaningful.
    slug: slugify(input.title) || (input.number === null ? 'incident' : ''),
  };
  let name = render(pattern, values);
  while (name.length > max && values.slug !== '') {
    values.slug = cutSlug(values.slug, values.slug.length - (name.length - max));
    name = render(pattern, values);
  }
  name = name.slice(0, max).replace(/[-_]+$/, '');
  if (CHANNEL_NAME_PATTERN.test(name)) return name;
  // Nothing usable came out (say `{slug}` alone and an all-emoji title): still a meaningful name.
  return (input.number === null ? 'incident' : `inc-${input.number}`).slice(0, max).replace(/[-_]+$/, '');
}

/** For `name_taken` by a channel that is not ours: `inc-42-db-down-2`, still within 80 characters. */
export function withSuffix(name: string, n: number): string {
  const suffix = `-${n}`;
  const base = name.slice(0, CHANNEL_NAME_MAX - suffix.length).replace(/[-_]+$/, '');
  return `${base}${suffix}`;
}
