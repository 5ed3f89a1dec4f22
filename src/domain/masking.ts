// Domain: PII masking for what Firebreak stores and posts (alert titles, descriptions, payloads,
// security event attributes): emails, phone numbers, card-like numbers (Luhn-valid), credentials in
// URLs (query tokens, user:password@), and IP addresses — except in the fields a rule or an action
// needs (the `keep` list: an alert's `ip` tag is what a block proposal blocks).

import { maskCard } from './card.js';

export interface MaskingRules {
  emails: boolean;
  phones: boolean;
  cards: boolean;
  urlTokens: boolean;
  ips: boolean;
  /** Field names (tags, attributes, JSON keys) whose values are kept as they are. */
  keep: readonly string[];
}

export const DEFAULT_MASKING: MaskingRules = {
  emails: true, phones: true, cards: true, urlTokens: true, ips: true,
  keep: ['ip', 'client_ip', 'source_ip', 'remote_addr', 'user', 'user_id'],
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
const URL_SECRET_PARAM = /([?&#](?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|code|session|jwt)=)[^&#\s"'<>]+/gi;
const IPV4 = /(?<![\w.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\w.])/g;
// Full and compressed IPv6 (at least two groups around a "::" or eight groups); not times like 10:00:00.
const IPV6 = /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?|::(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})(?![\w:])/gi;
const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const PHONE = /(?<![\w.:/-])(?:\+\d{1,3}[ -]?)?(?:\(\d{1,4}\)[ -]?)?\d{2,4}(?:[ -]\d{2,4}){1,4}(?![\w.:/-])/g;

export function maskText(text: string, rules: MaskingRules = DEFAULT_MASKING): string {
  let out = text;
  if (rules.urlTokens) out = out.replace(URL_USERINFO, '$1[redacted]@').replace(URL_SECRET_PARAM, '$1[redacted]');
  if (rules.emails) out = out.replace(EMAIL, '[email]');
  if (rules.cards) {
    out = out.replace(CARD, maskCard);
  }
  if (rules.ips) out = out.replace(IPV4, '[ip]').replace(IPV6, (m) => (m.split(':').filter(Boolean).length >= 2 || m === '::1' ? '[ip]' : m));
  if (rules.phones) {
    out = out.replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      if (/^\d{4}-\d{2}-\d{2}/.test(m)) return m; // a date
      return digits.length >= 9 && digits.length <= 15 && (m.startsWith('+') || m.startsWith('(') || /[ -]/.test(m)) ? '[phone]' : m;
    });
  }
  return out;
}

/** Masks every string in a JSON value, leaving the values of `keep` keys as they are. */
export function maskDeep<T>(value: T, rules: MaskingRules = DEFAULT_MASKING): T {
  const keep = new Set(rules.keep);
  const walk = (v: unknown, key: string | null): unknown => {
    if (key !== null && keep.has(key)) return v;
    if (typeof v === 'string') return maskText(v, rules);
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, null) as T;
}

/** The same for a flat string record (tags, attributes), keeping `keep` and the extra names given. */
export function maskRecord(record: Record<string, string>, rules: MaskingRules = DEFAULT_MASKING, alsoKeep: ReadonlySet<string> = new Set()): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, rules.keep.includes(k) || alsoKeep.has(k) ? v : maskText(v, rules)]));
}

/**
 * Masks `text` but leaves the given values as they are: a value the alert already shows in a kept
 * tag (the IP a block proposal needs) is no secret in its title either.
 */
export function maskTextKeeping(text: string, rules: MaskingRules, kept: readonly string[]): string {
  const values = [...new Set(kept.filter((v) => v.length >= 3 && text.includes(v)))];
  if (values.length === 0) return maskText(text, rules);
  const pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const parts = text.split(pattern);
  const found = text.match(pattern) ?? [];
  return parts.map((p, i) => maskText(p, rules) + (found[i] ?? '')).join('');
}

/** An alert as it is stored and posted: its words, payload and links masked; kept tags as sent. */
export function maskAlert<A extends { title: string; description: string; tags: Record<string, string>; links: Array<{ url: string }>; raw: unknown }>(alert: A, rules: MaskingRules): A {
  const kept = Object.entries(alert.tags).filter(([k]) => rules.keep.includes(k)).map(([, v]) => v);
  return {
    ...alert,
    title: maskTextKeeping(alert.title, rules, kept),
    description: maskTextKeeping(alert.description, rules, kept),
    tags: maskRecord(alert.tags, rules),
    links: alert.links.map((l) => ({ ...l, url: rules.urlTokens ? maskText(l.url, { ...rules, emails: false, phones: false, cards: false, ips: false }) : l.url })),
    raw: maskDeep(alert.raw, rules),
  };
}

/** Whether any kind is on (all off: nothing to do). */
export const masksAnything = (r: MaskingRules) => r.emails || r.phones || r.cards || r.urlTokens || r.ips;
