// Store contract on the embedded transport: PGlite, copied from the migrated template.
import { describeTransportContract } from '../../support/store/contract.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

describeTransportContract('embedded (PGlite)', () => openTestEmbedded());
