import { afterAll, beforeAll, describe } from 'vitest';
import type { SqlTransport } from '../../../src/store/transport.js';
import { planOnDemandCases } from '../../support/incidents/plan-on-demand-cases.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
});
afterAll(async () => {
  await store?.close();
});

describe('planning incidents on demand (PGlite)', () => planOnDemandCases(() => store));
