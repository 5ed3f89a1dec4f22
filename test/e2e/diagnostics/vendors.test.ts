// E2e (diagnostics): Firebreak against the fake Slack and loopback vendor fakes. A Datadog alert
// declares → one Diagnostics message (monitor, graph, logs, on-call, probe, deploys) edited in place
// → evidence rows on the timeline; a slow or failing source shows its line without holding up the
// others; `/incident diag sentry`; the summary's button; a second click makes no vendor call.
import { afterEach, describe, expect, it } from 'vitest';
import { blocksText, buttonsOf, channelOf, startSlackE2e, summaryMessage, theIncident, timeline, waitFor, type SlackE2e } from '../slack/harness.js';
import { answerText } from '../slack/harness.js';
import { deliver, fixtureBytes } from '../../support/webhooks.js';
import { diagnosticsYaml, GRAPH_URL, startFakeVendors, type FakeVendors } from '../../support/fake-vendors.js';

let e: SlackE2e | undefined;
let vendors: FakeVendors | undefined;
afterEach(async () => {
  await e?.stop();
  await vendors?.close();
  e = undefined;
  vendors = undefined;
});

async function start(extra = ''): Promise<{ e: SlackE2e; vendors: FakeVendors }> {
  vendors = await startFakeVendors();
  e = await startSlackE2e({ yaml: diagnosticsYaml(vendors, extra), env: vendors.env });
  return { e, vendors };
}

const diagnosticsMessages = (s: SlackE2e, channel: string) => s.fake.state.messages.filter((m) => m.channel === channel && m.text.startsWith('Diagnostics for'));
const complete = (text: string) => text.includes('all sources answered');
/** The pinned summary (the Diagnostics message may land before it: they are posted side by side). */
const pinnedSummary = (s: SlackE2e, channel: string) => {
  const pinned = s.fake.state.pins.get(channel) ?? new Set<string>();
  return s.fake.state.messages.find((m) => m.channel === channel && pinned.has(m.ts))!;
};
/** Every version of the Diagnostics message Slack received (the post and each edit), as text. */
const versions = (s: SlackE2e, channel: string) =>
  s.fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.ok && c.params.channel === channel && String(c.params.text).startsWith('Diagnostics for'))
    .map((c) => blocksText(typeof c.params.blocks === 'string' ? JSON.parse(c.params.blocks) : c.params.blocks));

describe('diagnostics against the vendor fakes', () => {
  it('a Datadog alert declares → one Diagnostics message with monitor, graph, logs, on-call, probe and deploys → evidence on the timeline', async () => {
    const { e, vendors } = await start();
    const delivered = await deliver(e.app.url, 'datadog', fixtureBytes('datadog', 'triggered'));
    expect(delivered.status).toBe(202);
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    const message = await waitFor('the complete Diagnostics message', () => diagnosticsMessages(e, channel).find((m) => complete(m.text)));
    expect(diagnosticsMessages(e, channel)).toHaveLength(1);
    const shown = blocksText(message.blocks);
    expect(shown).toContain('Gathered at declaration');
    expect(shown).toContain('*Datadog monitor* Checkout 5xx error rate is high — state *Alert*');
    // Vendor text is escaped: a <!channel> in the monitor message pings nobody.
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).not.toContain('<!channel>');
    expect(message.blocks).toContainEqual(expect.objectContaining({ type: 'image', image_url: GRAPH_URL }));
    expect(shown).toContain('*Error logs* (last 15 min, `service:checkout status:error`): *4321*');
    expect(shown).toContain('charge failed for [email] card [card]');
    expect(shown).not.toContain('ann@example.com');
    expect(shown).toContain('*On call now* (Checkout on-call): L1 Ann Oncall');
    expect(shown).toMatch(/:white_check_mark: checkout-health — 200 in \d+ ms/);
    expect(shown).toContain('*Deploys in the last 2h*');
    expect(shown).toContain('acme/checkout v42');
    expect(shown).toContain('Sentry: skipped — no Sentry issue or metric alert on this incident');

    const rows = await timeline(e.app, incident.id);
    const evidence = rows.filter((r) => r.kind === 'diagnostics.evidence');
    expect(evidence.map((r) => (r.data as { source: string }).source).sort()).toEqual(['changes', 'datadog', 'pagerduty', 'probes', 'sentry']);
    for (const r of evidence) expect(r.data).toMatchObject({ trigger: 'declared', snapshot: true });
    expect(evidence.find((r) => (r.data as { source: string }).source === 'datadog')!.data).toMatchObject({
      asked: { monitorId: 148275309, service: 'checkout' }, answer: { status: 'ok', cached: false, finding: { monitor: { state: 'Alert' }, logs: { count: 4321 } } },
    });
    expect(JSON.stringify(evidence)).not.toContain('ann@example.com');
    // Deploys are kept on the timeline as changes.
    expect(rows.filter((r) => r.kind === 'change.deploy').map((r) => r.message)).toEqual([expect.stringMatching(/^Deploy acme\/checkout v42 to production at /)]);
    // The summary offers the Diagnostics button.
    await waitFor('the summary to be pinned', () => e.fake.state.pins.get(channel)?.size);
    expect(buttonsOf(pinnedSummary(e, channel).blocks)).toContain('incident.diagnostics');
    // Who is on call is on the pinned summary too.
    await waitFor('on-call on the summary', () => blocksText(pinnedSummary(e, channel).blocks).includes('*On call now*\nL1 Ann Oncall (Checkout on-call)'));
    expect(vendors.count('datadog')).toBe(5);
  });

  it('shows a slow source and a failing one as one line each, without holding up the others', async () => {
    const { e, vendors } = await start();
    vendors.delay.pagerduty = 10_000;
    vendors.fail.github = 503;
    await deliver(e.app.url, 'datadog', fixtureBytes('datadog', 'triggered'));
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    const message = await waitFor('the complete Diagnostics message', () => diagnosticsMessages(e, channel).find((m) => complete(m.text)));
    const shown = blocksText(message.blocks);
    expect(shown).toContain(':warning: *PagerDuty*: no answer within 4 s');
    expect(shown).toContain(':warning: *What changed*: failed — HTTP 503');
    expect(shown).not.toMatch(/injected|stack|Error:/);
    expect(shown).toContain('*Datadog monitor*');
    // Datadog's answer was in the channel while PagerDuty was still being asked.
    expect(versions(e, channel).some((v) => v.includes('*Datadog monitor*') && v.includes('PagerDuty: asking…'))).toBe(true);
    const evidence = (await timeline(e.app, incident.id)).filter((r) => r.kind === 'diagnostics.evidence');
    expect(evidence.find((r) => (r.data as { source: string }).source === 'pagerduty')!.data).toMatchObject({ answer: { status: 'timeout', afterMs: 4000 } });
  });

  it('/incident diag sentry asks Sentry alone, on demand', async () => {
    const { e, vendors } = await start('  on_declare: false');
    await deliver(e.app.url, 'sentry', fixtureBytes('sentry', 'event_alert.triggered'), undefined, { fixture: 'event_alert.triggered' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await waitFor('the summary', () => summaryMessage(e.fake, channel));
    expect(vendors.count()).toBe(0);

    const answer = await e.command('diag sentry', { user: 'U0RESP', channel });
    expect(answerText(answer)).toContain('Gathering diagnostics for #1 (sentry)');
    const message = await waitFor('the Sentry diagnostics', () => diagnosticsMessages(e, channel).find((m) => complete(m.text)));
    const shown = blocksText(message.blocks);
    expect(shown).toContain('Asked for by <@U0RESP> with `/incident diag`');
    expect(shown).toContain('*Sentry issue* <https://acme.sentry.io/issues/1/|TypeError: cart is undefined>');
    expect(shown).toContain('*812* events · *97* users');
    expect(shown).toContain('release `front-end@7.1.0`');
    expect(shown).toContain('addItem (app/cart.js:42)');
    expect(shown).not.toContain('Datadog');
    expect(vendors.calls.map((c) => c.vendor)).toEqual(['sentry', 'sentry']);
    const evidence = (await timeline(e.app, incident.id)).filter((r) => r.kind === 'diagnostics.evidence');
    expect(evidence.map((r) => r.data)).toEqual([expect.objectContaining({ source: 'sentry', trigger: 'command', snapshot: false, asked: { issue: '1117540176', rule: null } })]);

    expect(answerText(await e.command('diag splunk', { user: 'U0RESP', channel }))).toContain("I don't know `splunk`");
  });

  it('the Diagnostics button gathers everything; a second click within the cache window makes no vendor call', async () => {
    const { e, vendors } = await start('  on_declare: false');
    await deliver(e.app.url, 'datadog', fixtureBytes('datadog', 'triggered'));
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    const summary = await waitFor('the pinned summary', () => (e.fake.state.pins.get(channel)?.size ? pinnedSummary(e, channel) : undefined));
    expect(buttonsOf(summary.blocks)).toContain('incident.diagnostics');

    const first = await e.click('incident.diagnostics', incident.id, { user: 'U0RESP', channel, messageTs: summary.ts });
    expect(first.status).toBe(200);
    await waitFor('the button answer', () => e.responses.posts.filter((p) => p.path.includes('click')).length > 0);
    await waitFor('the complete Diagnostics message', () => diagnosticsMessages(e, channel).find((m) => complete(m.text)));
    const calls = vendors.count();
    expect(calls).toBeGreaterThan(0);

    await e.click('incident.diagnostics', incident.id, { user: 'U0OTHER', channel, messageTs: summary.ts });
    await waitFor('the second button answer', () => e.responses.posts.filter((p) => p.path.includes('click')).length > 1);
    // And a command for every source right after: a new run, answered from the cache.
    await e.command('diag', { user: 'U0OTHER', channel });
    await waitFor('the second Diagnostics message', () => diagnosticsMessages(e, channel).filter((m) => complete(m.text)).length === 2);
    expect(vendors.count()).toBe(calls);
    const cached = diagnosticsMessages(e, channel).at(-1)!;
    expect(blocksText(cached.blocks)).toContain('cached answer');
    const audit = await e.app.store.rpc<Array<{ action: string; actor: string }>>('fb_audit_page', { p_after_id: 0, p_limit: 100, p_subject: incident.id });
    expect(audit.filter((a) => a.action === 'diagnostics.run').map((a) => a.actor)).toEqual(['U0RESP', 'U0OTHER', 'U0OTHER']);
  });
});
