import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectionHits, detectionKey, type DetectionRule } from '../../../src/domain/security-event.js';
import { parseSecurityEvents } from '../../../src/integrations/security-events/parse.js';
import { parseSupabaseDrain } from '../../../src/integrations/supabase/log-drain.js';
import { detectionRoutes, detectionsSchema, toDetections } from '../../../src/config/detections-schema.js';

const rule: DetectionRule = { name: 'r', types: ['auth.login_*'], where: { outcome: ['failure'] }, keyBy: ['ip'], windowMs: 300_000, threshold: 10, cooldownMs: 900_000 };
const event = (type: string, attributes: Record<string, string>) => ({ id: null, type, occurredAt: '2026-11-02T10:00:00.000Z', attributes });

describe('detection rules (pure)', () => {
  it('match on type (prefix), attributes, and key by attribute', () => {
    expect(detectionKey(rule, event('auth.login_failed', { outcome: 'failure', ip: '198.51.100.7' }))).toBe('198.51.100.7');
    expect(detectionKey(rule, event('auth.signup', { outcome: 'failure', ip: '198.51.100.7' }))).toBeNull();
    expect(detectionKey(rule, event('auth.login_failed', { outcome: 'success', ip: '198.51.100.7' }))).toBeNull();
    expect(detectionKey(rule, event('auth.login_failed', { outcome: 'failure' }))).toBeNull();
    expect(detectionKey({ ...rule, where: { outcome: ['*'] }, keyBy: ['ip', 'user'] }, event('auth.login_x', { outcome: 'x', ip: '1', user: 'u' }))).toBe('1|u');
  });
  it('lists every hit of a batch', () => {
    const hits = detectionHits([rule, { ...rule, name: 'by-user', keyBy: ['user'] }], [
      event('auth.login_failed', { outcome: 'failure', ip: 'a', user: 'x' }),
      event('auth.login_failed', { outcome: 'failure', ip: 'b' }),
    ]);
    expect(hits).toEqual([{ event: 0, rule: 'r', key: 'a' }, { event: 0, rule: 'by-user', key: 'x' }, { event: 1, rule: 'r', key: 'b' }]);
  });
});

describe('detections config', () => {
  it('defaults the cool-down and turns a declaring rule into a route ahead of the rest', () => {
    const [d] = toDetections(detectionsSchema.parse([{ name: 'burst', match: { type: 'auth.login_failed' }, key: 'ip', window: '5m', threshold: 10, declare: { severity: 'sev2', service: 'auth' }, propose: { action: 'block_ip' } }]));
    expect(d).toMatchObject({ types: ['auth.login_failed'], keyBy: ['ip'], windowMs: 300_000, cooldownMs: 900_000, propose: { action: 'block_ip', ttlMs: 86_400_000 } });
    expect(detectionRoutes([d!])).toEqual([{ name: 'detection burst', match: { source: ['security'], tags: { detection: 'burst' } }, severity: 'sev2', declare: 'sev2', service: 'auth' }]);
  });
  it('refuses a proposal without a declaration, and duplicate names', () => {
    const r = detectionsSchema.safeParse([
      { name: 'a', match: { type: 't' }, key: 'ip', window: '1m', threshold: 2, propose: { action: 'block_ip' } },
      { name: 'a', match: { type: 't' }, key: 'ip', window: '1m', threshold: 2 },
    ]);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['0.propose', '1.name']);
  });
});

describe('security events format', () => {
  it('takes a JSON array, {events}, or NDJSON, and flattens attributes', () => {
    const one = { id: 'e1', type: 'auth.login_failed', time: '2026-11-02T10:00:00Z', attributes: { ip: '198.51.100.7', attempt: 3, mfa: false } };
    const expected = [{ id: 'e1', type: 'auth.login_failed', occurredAt: '2026-11-02T10:00:00.000Z', attributes: { ip: '198.51.100.7', attempt: '3', mfa: 'false' } }];
    expect(parseSecurityEvents(JSON.stringify([one]), false)).toEqual({ ok: true, events: expected });
    expect(parseSecurityEvents(JSON.stringify({ events: [one] }), false)).toEqual({ ok: true, events: expected });
    expect(parseSecurityEvents(`${JSON.stringify(one)}\n\n`, true)).toEqual({ ok: true, events: expected });
    expect(parseSecurityEvents(JSON.stringify([{ ...one, time: Date.parse('2026-11-02T10:00:00Z') }]), false)).toEqual({ ok: true, events: expected });
  });
  it('names the field that is wrong', () => {
    expect(parseSecurityEvents(JSON.stringify({ events: [{ type: 'x', time: 'yesterday' }] }), false)).toMatchObject({ ok: false, field: 'events[0].time' });
    expect(parseSecurityEvents('{"type":"a b","time":1}\n', true)).toMatchObject({ ok: false, field: 'line 1.type' });
    expect(parseSecurityEvents('{"type":"a"}\nnot json\n', true)).toMatchObject({ ok: false, field: 'line 2' });
    expect(parseSecurityEvents('{"type":"a"}', false)).toMatchObject({ ok: false, field: 'body' });
  });
});

describe('Supabase auth-log drain', () => {
  const fixture = readFileSync(new URL('../../fixtures/supabase/auth-drain-failed-logins.json', import.meta.url), 'utf8');
  it('maps failed logins (one per request), a login and a signup; skips the rest', () => {
    const r = parseSupabaseDrain(fixture);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const failed = r.events.filter((e) => e.type === 'auth.login_failed');
    expect(failed).toHaveLength(10);
    expect(failed[0]).toEqual({ id: '9808400f771f59c0-FRA:auth.login_failed', type: 'auth.login_failed', occurredAt: '2026-11-02T10:00:00.000Z', attributes: { outcome: 'failure', source: 'supabase-auth', ip: '198.51.100.77', error_code: 'invalid_credentials', path: '/token' } });
    expect(r.events.filter((e) => e.type === 'auth.login')).toHaveLength(1);
    expect(r.events.find((e) => e.type === 'auth.signup')?.attributes.user).toBe('new.user@example.com');
    // 10 error lines of failed logins and the health check.
    expect(r.skipped).toBe(11);
  });
  it('refuses what is not the drain\'s array', () => {
    expect(parseSupabaseDrain('{"a":1}')).toMatchObject({ ok: false, field: 'body' });
  });
});
