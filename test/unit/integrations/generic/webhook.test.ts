// Tests: generic webhook Bearer authentication and malformed payloads naming the field
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { genericWebhook } from '../../../../src/integrations/generic/webhook.js';
import { fixture, fixtureBytes } from '../alertmanager/fixtures.js';

const secrets = { token: new Secret('generic-token-42') };
const body = fixtureBytes('generic', 'firing.json');
const verify = (headers: Record<string, string>, s: { token?: Secret } = secrets) => genericWebhook.verify(headers, body, s, new Date());

describe('generic webhook authentication', () => {
  it('accepts the configured Bearer token', () => {
    expect(verify({ authorization: 'Bearer generic-token-42' })).toEqual({ ok: true });
  });

  it('rejects a wrong token', () => {
    expect(verify({ authorization: 'Bearer generic-token-43' })).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a request without an Authorization header', () => {
    expect(verify({})).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('never authenticates when WEBHOOK_TOKEN is unset', () => {
    expect(verify({ authorization: 'Bearer generic-token-42' }, {})).toMatchObject({ ok: false });
  });
});

describe('generic webhook malformed payloads', () => {
  const single = fixture('generic', 'firing.json') as Record<string, unknown>;
  const cases: Array<[string, unknown, string]> = [
    ['no key', { ...single, key: undefined }, 'key'],
    ['an empty key', { ...single, key: '' }, 'key'],
    ['an unknown status', { ...single, status: 'ok' }, 'status'],
    ['a firing alert without a title', { key: 'k', status: 'firing' }, 'title'],
    ['a tag value that is an object', { ...single, tags: { team: { name: 'payments' } } }, 'tags.team'],
    ['a link that is not http(s)', { ...single, links: [{ kind: 'runbook', url: 'javascript:alert(1)' }] }, 'links[0].url'],
    ['a link of an unknown kind', { ...single, links: [{ kind: 'wiki', url: 'https://x.example' }] }, 'links[0].kind'],
    ['a start time without an offset', { ...single, started_at: '2026-03-02 09:14' }, 'started_at'],
    ['a batch entry with a bad status', { alerts: [single, { key: 'b', status: 'firing', title: 't' }, { key: 'c', status: 'gone' }] }, 'alerts[2].status'],
    ['a batch that is not a list', { alerts: 'many' }, 'alerts'],
    ['a body that is a list', [single], 'body'],
  ];
  for (const [what, payload, field] of cases) {
    it(`names ${field} for ${what}`, () => {
      expect(genericWebhook.parse({}, payload)).toMatchObject({ ok: false, error: { kind: 'malformed', field } });
    });
  }
});
