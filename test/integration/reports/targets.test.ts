// Store: targets met per severity and measure (fb_response_targets) on the embedded store, against hand-counted verdicts.
import { openTestEmbedded } from '../../support/store/embedded.js';
import { describeMonthTargets } from '../../support/reports/targets-month.js';

describeMonthTargets('embedded (PGlite)', () => openTestEmbedded());
