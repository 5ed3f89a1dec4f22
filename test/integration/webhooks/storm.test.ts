// Tests: the storm cap as a sender and an operator see it — 202 with the held count, one warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/observability/observer.js';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import { deliver, startTestServer } from '../../support/webhooks.js';

const warnings: Array<{ obj: object; msg: string | undefined }> = [];
const log: Logger = { debug() {}, info() {}, error() {}, warn: (obj, msg) => warnings.push({ obj, msg }) };

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer('routing:\n  defaults: { declare: sev2 }\nsources:\n  generic: { max_declarations_per_minute: 2 }\n', {}, log);
});
afterAll(async () => {
  await app?.stop();
});

describe('a storm from one source', () => {
  it('accepts every alert, declares up to the cap, says how many were held, and warns once', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const body = Buffer.from(JSON.stringify({ key: `storm-${i}`, status: 'firing', title: `Host ${i} unreachable`, severity: 'sev1', service: `host-${i}` }));
      answers.push(await deliver(app.url, 'generic', body));
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.map((a) => (a.body.declared as number[]).length)).toEqual([1, 1, 0, 0, 0]);
    expect(answers.map((a) => a.body.held)).toEqual([0, 0, 1, 1, 1]);
    expect(await listIncidents(app.store)).toHaveLength(2);
    expect((await listAlerts(app.store)).filter((a) => a.key.startsWith('storm-'))).toHaveLength(5);
    const storms = warnings.filter((w) => w.msg?.startsWith('Alert storm from generic'));
    expect(storms).toHaveLength(1);
    expect(storms[0]?.obj).toMatchObject({ source: 'generic', reason: 'declarations', cap: 2 });
  });
});
