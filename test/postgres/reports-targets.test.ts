// Store: targets met per severity and measure (fb_response_targets) on the real PostgreSQL server,
// against the same hand-counted verdicts as on PGlite.
import { openTestPostgres } from '../support/store/postgres.js';
import { describeMonthTargets } from '../support/reports/targets-month.js';

describeMonthTargets('postgres', () => openTestPostgres());
