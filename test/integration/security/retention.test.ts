import { afterAll, beforeAll, describe } from 'vitest';
import type { EmbeddedTransport } from '../../../src/store/transports/embedded.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { retentionCases } from '../../support/store/retention-cases.js';

let store: EmbeddedTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
});
afterAll(() => store?.close());

describe('retention (PGlite)', () => retentionCases(() => store));
