// Store: /metrics reads the engine's backlog from live rows only, on the real PostgreSQL server.
import { openTestPostgres } from '../support/store/postgres.js';
import { describeEngineStats } from '../support/store/engine-stats-cases.js';

describeEngineStats('postgres, no statistics yet', () => openTestPostgres(), { analyze: false });
describeEngineStats('postgres, analyzed', () => openTestPostgres(), { analyze: true });
