// E2e (vendor outages, must-show): a real `firebreak start` on the embedded store is SIGKILLed in the
// middle of a Slack outage, with effects parked and the breaker open, and started again on the same
// data dir. The waiting work is rows: the restart says at start-up that Slack is unreachable, and
// once Slack is back every incident ends exactly as without the crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/escalation-fixtures.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startFirebreakProcess, stopFirebreakProcess, writeConfig, type FirebreakProcess } from '../support/firebreak-process.js';
import {
  awaitDrained, awaitParked, declareThree, expectRecovered, gauge, OUTAGE_YAML, outageEnv, prepareFake, viaPagerDuty,
} from '../support/outage-scenario.js';
import { copyTemplateDataDir, openTestEmbeddedAt } from '../support/store/embedded.js';

let slack: FakeSlack;
const running: FirebreakProcess[] = [];

beforeEach(async () => {
  slack = await startFakeSlack();
  prepareFake(slack);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map(stopFirebreakProcess));
  await slack.close();
});

async function start(env: Record<string, string>): Promise<FirebreakProcess> {
  const p = await startFirebreakProcess(env);
  running.push(p);
  return p;
}

describe('kill -9 during a Slack outage', () => {
  it('restarts with the breaker and the parked work intact, and delivers everything once when Slack is back', async () => {
    const dataDir = await copyTemplateDataDir();
    const env = { ...outageEnv(slack), FIREBREAK_DATA_DIR: dataDir, FIREBREAK_CONFIG: writeConfig(OUTAGE_YAML) };
    await slack.down('refused');
    const first = await start(env);
    const ids = await declareThree([first]);
    await awaitParked(first);
    // Level 1 times out after 2 s: every incident is escalated while Slack is down.
    await new Promise((r) => setTimeout(r, 2_500));
    await viaPagerDuty(first, ids[1]!, 'acknowledged');

    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    running.splice(running.indexOf(first), 1);

    const second = await start(env);
    await waitUntil('the start-up notice that Slack is unreachable', () => /slack has been unreachable for .*effect\(s\) wait for it/.test(second.output()), 10_000);
    await viaPagerDuty(second, ids[2]!, 'resolved');
    expect(await gauge(second, 'firebreak_vendor_breaker_open{vendor="slack"}')).toBe(1);

    await slack.up();
    await awaitDrained(slack, ids, async () => (await gauge(second, 'firebreak_outbox_pending_effects')) ?? 1);
    await waitUntil('the vendor-back log line', () => /slack is back after \d+s/.test(second.output()), 10_000);
    await stopFirebreakProcess(second);
    running.splice(running.indexOf(second), 1);

    const store = await openTestEmbeddedAt(dataDir);
    try {
      await expectRecovered(slack, store, ids);
    } finally {
      await store.close();
    }
  }, 180_000);
});
