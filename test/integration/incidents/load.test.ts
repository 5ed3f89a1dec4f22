import { afterAll, beforeAll, describe } from 'vitest';
import type { SqlTransport } from '../../../src/store/transport.js';
import { incidentLoadCases } from '../../support/incidents/load-cases.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
});
afterAll(async () => {
  await store?.close();
});

describe('loading an incident (PGlite)', () => incidentLoadCases(() => store));
