import { afterAll, beforeAll, describe } from 'vitest';
import type { SqlTransport } from '../../../src/store/transport.js';
import { groupedIngestCases } from '../../support/incidents/grouped-ingest-cases.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
});
afterAll(async () => {
  await store?.close();
});

describe('deliveries grouped into one store call (PGlite)', () => groupedIngestCases(() => store));
