// Store: response metrics (fb_response_metrics) on the real PostgreSQL server, against the same
// hand-computed values as on PGlite.
import { openTestPostgres } from '../support/store/postgres.js';
import { describeMonthMetrics } from '../support/reports/metrics-month.js';

describeMonthMetrics('postgres', () => openTestPostgres());
