import { afterAll, beforeAll, describe } from 'vitest';
import type { EmbeddedTransport } from '../../../src/store/transports/embedded.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { detectionCases } from '../../support/store/detection-cases.js';

let store: EmbeddedTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
});
afterAll(() => store?.close());

describe('detection counting in the store (PGlite)', () => detectionCases(() => store));
