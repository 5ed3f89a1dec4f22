// Store: /metrics reads the engine's backlog from live rows only, on the embedded store (PGlite,
// which never analyzes by itself: the plan must hold on default estimates too).
import { openTestEmbedded } from '../../support/store/embedded.js';
import { describeEngineStats } from '../../support/store/engine-stats-cases.js';

describeEngineStats('embedded (PGlite), no statistics', () => openTestEmbedded(), { analyze: false });
describeEngineStats('embedded (PGlite), analyzed', () => openTestEmbedded(), { analyze: true });
