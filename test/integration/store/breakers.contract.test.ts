// Vendor outage store contract on the embedded transport (PGlite).
import { describeBreakerContract } from '../../support/store/breaker-contract.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

describeBreakerContract('embedded (PGlite)', () => openTestEmbedded());
