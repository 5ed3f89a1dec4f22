// E2e: a hand-declared incident snapshots the policy routing picks for its service and severity —
// the service's rule, a severity rule, else the default — and pages that policy's first level.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listIncidents } from '../../../src/store/incidents.js';
import { DECLARE_FIELDS, CALLBACK_IDS } from '../../../src/integrations/slack/ids.js';
import { signedSlackHeaders } from '../../support/slack-requests.js';
import { ANNOUNCE_CHANNEL, answerText, channelOf, startSlackE2e, waitFor, type SlackE2e } from './harness.js';

const GENERAL = 'CGENERAL';
const DECLARER = 'U0DECLARER';

const YAML = `
routing:
  defaults: { declare: sev2, policy: sre }
  rules:
    - { name: alerts only, match: { source: [generic] }, policy: alerts }
    - { name: checkout sev1, match: { service: [checkout], severity: sev1 }, policy: checkout-urgent }
    - { name: checkout, match: { service: [checkout] }, policy: checkout }
    - { name: any sev1, match: { severity: sev1 }, policy: major }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
escalation:
  policies:
    sre: { levels: [{ targets: [U0SRE], timeout: 1h }] }
    alerts: { levels: [{ targets: [U0ALERTS], timeout: 1h }] }
    checkout: { levels: [{ targets: [U0CHECKOUT], timeout: 1h }] }
    checkout-urgent: { levels: [{ targets: [U0URGENT], timeout: 1h }] }
    major: { levels: [{ targets: [U0MAJOR], timeout: 1h }] }
`;

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e({ yaml: YAML });
});
afterEach(async () => {
  await e.stop();
});

/** The declare modal submitted as Slack sends it: a view_submission payload in the form field `payload`. */
async function submitDeclareModal(fields: { title: string; severity: string; service: string }) {
  const f = DECLARE_FIELDS;
  const payload = {
    type: 'view_submission',
    team: { id: 'TFAKE0001', domain: 'fake-firebreak' },
    user: { id: DECLARER, username: 'declarer', team_id: 'TFAKE0001' },
    api_app_id: 'AFIREBREAK',
    token: 'deprecated-verification-token',
    trigger_id: 'trigger-modal',
    view: {
      id: 'VDECLARE1', type: 'modal', callback_id: CALLBACK_IDS.declareModal, private_metadata: JSON.stringify({ channel: GENERAL }),
      state: {
        values: {
          [f.title.blockId]: { [f.title.actionId]: { type: 'plain_text_input', value: fields.title } },
          [f.severity.blockId]: { [f.severity.actionId]: { type: 'static_select', selected_option: { value: fields.severity } } },
          [f.service.blockId]: { [f.service.actionId]: { type: 'plain_text_input', value: fields.service } },
          [f.commander.blockId]: { [f.commander.actionId]: { type: 'users_select', selected_user: null } },
          [f.summary.blockId]: { [f.summary.actionId]: { type: 'plain_text_input', value: null } },
        },
      },
    },
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(`${e.app.url}/slack/events`, { method: 'POST', body, headers: signedSlackHeaders(body, 'application/x-www-form-urlencoded') });
  expect(res.status).toBe(200);
}

async function incidentTitled(title: string) {
  return waitFor(`incident "${title}"`, async () => (await listIncidents(e.app.store, true)).find((i) => i.title === title));
}

const paged = (channel: string, user: string) =>
  waitFor(`<@${user}> paged in ${channel}`, () =>
    e.fake.state.messages.some((m) => m.channel === channel && String(m.text).includes(`<@${user}>`) && String(m.text).includes('Paging')),
  );

describe('hand-declared incidents choose their escalation policy through routing', () => {
  it("uses the service's rule, a severity rule, then the default — never a rule that needs an alert's source", async () => {
    await submitDeclareModal({ title: 'Checkout is slow', severity: 'sev2', service: 'checkout' });
    await submitDeclareModal({ title: 'Checkout is down', severity: 'sev1', service: 'checkout' });
    expect(answerText(await e.command('declare sev1 Logins failing', { user: DECLARER, channel: GENERAL }))).toContain('Declared incident');
    expect(answerText(await e.command('declare sev3 Reports are late', { user: DECLARER, channel: GENERAL }))).toContain('Declared incident');

    const cases = [
      ['Checkout is slow', 'checkout', 'U0CHECKOUT'],
      ['Checkout is down', 'checkout-urgent', 'U0URGENT'],
      ['Logins failing', 'major', 'U0MAJOR'],
      ['Reports are late', 'sre', 'U0SRE'],
    ] as const;
    for (const [title, policy, user] of cases) {
      const incident = await incidentTitled(title);
      expect(incident.policy, title).toBe(policy);
      await paged(await channelOf(e.app, incident.id), user);
    }
    expect(e.fake.state.messages.some((m) => String(m.text).includes('<@U0ALERTS>'))).toBe(false);
  }, 60_000);
});
