// Store: response metrics (fb_response_metrics) on the embedded store, against hand-computed values.
import { openTestEmbedded } from '../../support/store/embedded.js';
import { describeMonthMetrics } from '../../support/reports/metrics-month.js';

describeMonthMetrics('embedded (PGlite)', () => openTestEmbedded());
