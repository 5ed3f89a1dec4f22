// E2e (escalation must-show): the level-2 deadline is a row in the store, not a timer in a process.
// A real `firebreak start` on the embedded store pages level 1, is SIGKILLed while level 1 waits,
// and is started again on the same data dir: level 2 is paged exactly once — on its deadline when
// the restart comes first, at once when the restart comes after it — and level 1 is not paged again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTimeline } from '../../src/store/workflows.js';
import {
  alertBody, channelMentions, fakeVendorsEnv, sleepUntil, triggersByIncidentAndLevel, waitUntil,
} from '../support/escalation-fixtures.js';
import { startFakePagerDuty, type FakePagerDuty } from '../support/fake-pagerduty.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startFirebreakProcess, stopFirebreakProcess, writeConfig, type FirebreakProcess } from '../support/firebreak-process.js';
import { copyTemplateDataDir, openTestEmbeddedAt } from '../support/store/embedded.js';
import { deliver } from '../support/webhooks.js';

/** Long enough for a SIGKILL and a cold restart (tsx + PGlite) to fit inside level 1's wait. */
const LEVEL_1_TIMEOUT_MS = 15_000;
const POLICY = `
routing:
  defaults: { declare: sev2, policy: oncall }
escalation:
  policies:
    oncall:
      levels:
        - { targets: [U0PRIMARY, pagerduty], timeout: ${LEVEL_1_TIMEOUT_MS / 1000}s }
        - { targets: [U0SECONDARY, pagerduty], timeout: 1h }
`;

let slack: FakeSlack;
let pagerduty: FakePagerDuty;
const running: FirebreakProcess[] = [];

beforeEach(async () => {
  slack = await startFakeSlack();
  pagerduty = await startFakePagerDuty();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map(stopFirebreakProcess));
  await Promise.all([slack.close(), pagerduty.close()]);
});

async function start(env: Record<string, string>): Promise<FirebreakProcess> {
  const p = await startFirebreakProcess(env);
  running.push(p);
  return p;
}

/** Declares one incident and waits for its level-1 page at both fakes; returns its Slack channel. */
async function declareAndAwaitLevel1(server: FirebreakProcess): Promise<{ channel: string; pagedAt: number }> {
  const res = await deliver(server.url, 'generic', alertBody('db-down', 'db'));
  expect(res.status).toBe(202);
  // Not the first channel the fake saw: the page's DM does not wait for the incident channel.
  const channel = await waitUntil('the incident channel', () => [...slack.state.channels.values()].find((c) => !c.is_im)?.id, 20_000);
  await waitUntil('level 1 paged on Slack and PagerDuty', () => channelMentions(slack, channel, 'U0PRIMARY').length > 0 && pagerduty.triggers('level 1').length > 0, 20_000);
  return { channel, pagedAt: pagerduty.triggers('level 1')[0]!.at };
}

/** After the servers stop: the incident's id and its `escalation.paged` timeline entries, read from the data dir. */
async function readStore(dataDir: string): Promise<{ incidentId: string; paged: Array<{ at: number; message: string }> }> {
  const store = await openTestEmbeddedAt(dataDir);
  try {
    const incidents = await store.query<{ id: string }>('select id from incidents');
    expect(incidents).toHaveLength(1);
    const incidentId = incidents[0]!.id;
    const paged = (await listTimeline(store, incidentId))
      .filter((e) => e.kind === 'escalation.paged')
      .map((e) => ({ at: Date.parse(String(e.at)), message: e.message }));
    return { incidentId, paged };
  } finally {
    await store.close();
  }
}

/** Kills the server like the OOM killer would: no shutdown, no lease handed back. */
async function sigkill(server: FirebreakProcess): Promise<void> {
  server.process.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  running.splice(running.indexOf(server), 1);
}

function expectPagedOncePerLevel(incidentId: string, channel: string): void {
  expect(triggersByIncidentAndLevel(pagerduty)).toEqual(new Map([[incidentId, new Map([['level 1', 1], ['level 2', 1]])]]));
  expect(channelMentions(slack, channel, 'U0PRIMARY')).toHaveLength(1);
  expect(channelMentions(slack, channel, 'U0SECONDARY')).toHaveLength(1);
}

describe('escalation across a SIGKILL', () => {
  it('pages level 2 once, within 1 s of its deadline, when the process is killed and restarted while level 1 waits', async () => {
    const dataDir = await copyTemplateDataDir();
    const env = { ...fakeVendorsEnv(slack, pagerduty), FIREBREAK_DATA_DIR: dataDir, FIREBREAK_CONFIG: writeConfig(POLICY) };
    const first = await start(env);
    const { channel, pagedAt } = await declareAndAwaitLevel1(first);

    await sleepUntil(pagedAt + 1000);
    await sigkill(first);
    const second = await start(env);
    const restartedAt = Date.now();
    // The premise: the replacement is up while level 1 still waits (the deadline is ≥ pagedAt + timeout − a few ms).
    expect(restartedAt).toBeLessThan(pagedAt + LEVEL_1_TIMEOUT_MS - 1000);

    await waitUntil('level 2 paged', () => pagerduty.triggers('level 2').length > 0 && channelMentions(slack, channel, 'U0SECONDARY').length > 0, LEVEL_1_TIMEOUT_MS + 10_000);
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate page to show itself
    await stopFirebreakProcess(second);
    running.splice(running.indexOf(second), 1);

    const { incidentId, paged } = await readStore(dataDir);
    expectPagedOncePerLevel(incidentId, channel);
    expect(paged.map((p) => p.message)).toEqual([expect.stringMatching(/\blevel 1\b/), expect.stringMatching(/\blevel 2\b/)]);
    // The deadline: level 1's step committed the timer at now() + timeout, and its timeline entry carries that now().
    const deadline = paged[0]!.at + LEVEL_1_TIMEOUT_MS;
    const pdLateness = pagerduty.triggers('level 2')[0]!.at - deadline;
    const slackLateness = channelMentions(slack, channel, 'U0SECONDARY')[0]!.at - deadline;
    expect(pdLateness).toBeGreaterThanOrEqual(0);
    expect(pdLateness).toBeLessThanOrEqual(1000);
    expect(slackLateness).toBeGreaterThanOrEqual(0);
    expect(slackLateness).toBeLessThanOrEqual(1000);
  }, 120_000);

  it('pages level 2 once, at once, when the process comes back only after the deadline passed', async () => {
    const dataDir = await copyTemplateDataDir();
    const env = { ...fakeVendorsEnv(slack, pagerduty), FIREBREAK_DATA_DIR: dataDir, FIREBREAK_CONFIG: writeConfig(POLICY) };
    const first = await start(env);
    const { channel, pagedAt } = await declareAndAwaitLevel1(first);

    await sleepUntil(pagedAt + 1000);
    await sigkill(first);
    await sleepUntil(pagedAt + LEVEL_1_TIMEOUT_MS + 1000);
    expect(pagerduty.triggers('level 2')).toHaveLength(0); // nobody was up to page it
    const second = await start(env);
    const restartedAt = Date.now();

    await waitUntil('level 2 paged', () => pagerduty.triggers('level 2').length > 0 && channelMentions(slack, channel, 'U0SECONDARY').length > 0, 20_000);
    // Overdue is delivered on the first poll, not re-armed for another full wait.
    expect(pagerduty.triggers('level 2')[0]!.at - restartedAt).toBeLessThan(LEVEL_1_TIMEOUT_MS / 3);
    await new Promise((r) => setTimeout(r, 2000));
    await stopFirebreakProcess(second);
    running.splice(running.indexOf(second), 1);

    const { incidentId, paged } = await readStore(dataDir);
    expectPagedOncePerLevel(incidentId, channel);
    expect(paged).toHaveLength(2);
  }, 120_000);
});
