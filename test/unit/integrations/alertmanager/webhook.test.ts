// Tests: Alertmanager webhook Bearer authentication and malformed payloads naming the field
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { alertmanagerWebhook } from '../../../../src/integrations/alertmanager/webhook.js';
import { fixture, fixtureBytes } from './fixtures.js';

const secrets = { token: new Secret('am-token-0123456789') };
const body = fixtureBytes('alertmanager', 'firing.json');
const now = new Date('2026-03-02T09:20:00Z');
const verify = (headers: Record<string, string | string[] | undefined>, s: { token?: Secret } = secrets) =>
  alertmanagerWebhook.verify(headers, body, s, now);

describe('alertmanager webhook authentication', () => {
  it('accepts the configured Bearer token', () => {
    expect(verify({ authorization: 'Bearer am-token-0123456789' })).toEqual({ ok: true });
  });

  it('accepts the scheme in any case and surrounding whitespace', () => {
    expect(verify({ authorization: '  bearer   am-token-0123456789 ' })).toEqual({ ok: true });
  });

  it('rejects a wrong token, a prefix of the token and the token with extra characters', () => {
    for (const token of ['wrong', 'am-token-012345678', 'am-token-01234567890']) {
      expect(verify({ authorization: `Bearer ${token}` })).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    }
  });

  it('rejects a request without an Authorization header as missing auth', () => {
    expect(verify({})).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('rejects the token sent with another scheme', () => {
    expect(verify({ authorization: 'Basic am-token-0123456789' })).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(verify({ authorization: 'am-token-0123456789' })).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a repeated Authorization header even when one copy is right', () => {
    expect(verify({ authorization: ['Bearer am-token-0123456789', 'Bearer other'] })).toMatchObject({ ok: false });
  });

  it('never authenticates when the token is unset or empty', () => {
    expect(verify({ authorization: 'Bearer ' }, {})).toMatchObject({ ok: false });
    expect(verify({ authorization: 'Bearer ' }, { token: new Secret('') })).toMatchObject({ ok: false });
  });

  it('does not echo the token in its messages', () => {
    const result = verify({ authorization: 'Bearer nope' });
    expect(JSON.stringify(result)).not.toContain('am-token-0123456789');
  });
});

describe('alertmanager webhook malformed payloads', () => {
  const mutate = (change: (b: Record<string, unknown> & { alerts: Array<Record<string, unknown>> }) => void) => {
    const b = fixture('alertmanager', 'firing.json') as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
    change(b);
    return alertmanagerWebhook.parse({}, b);
  };
  const cases: Array<[string, Parameters<typeof mutate>[0], string]> = [
    ['labels that are not a map', (b) => { b.alerts[1]!.labels = ['a']; }, 'alerts[1].labels'],
    ['a label value that is not a string', (b) => { (b.alerts[0]!.labels as Record<string, unknown>).severity = 3; }, 'alerts[0].labels.severity'],
    ['an alert without a fingerprint', (b) => { delete b.alerts[0]!.fingerprint; }, 'alerts[0].fingerprint'],
    ['an alert status Alertmanager never sends', (b) => { b.alerts[1]!.status = 'pending'; }, 'alerts[1].status'],
    ['alerts that are not a list', (b) => { b.alerts = {} as never; }, 'alerts'],
    ['no receiver', (b) => { delete b.receiver; }, 'receiver'],
    ['no groupKey', (b) => { delete b.groupKey; }, 'groupKey'],
  ];
  for (const [what, change, field] of cases) {
    it(`names ${field} for ${what}`, () => {
      expect(mutate(change)).toMatchObject({ ok: false, error: { kind: 'malformed', field } });
    });
  }

  it('names the body when it is not an object', () => {
    for (const b of [null, [], 'x', 4]) {
      expect(alertmanagerWebhook.parse({}, b)).toMatchObject({ ok: false, error: { kind: 'malformed', field: 'body' } });
    }
  });

  it('accepts fields it does not read, and a later payload version', () => {
    expect(mutate((b) => { b.version = '5'; b.extra = { any: 'thing' }; b.alerts[0]!.newField = 1; }).ok).toBe(true);
  });
});
