import { afterAll, beforeAll, describe } from 'vitest';
import { groupedIngestCases } from '../support/incidents/grouped-ingest-cases.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
});
afterAll(async () => {
  await db?.close();
});

describe('deliveries grouped into one store call (PostgreSQL)', () => groupedIngestCases(() => db));
