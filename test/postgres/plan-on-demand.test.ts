import { afterAll, beforeAll, describe } from 'vitest';
import { planOnDemandCases } from '../support/incidents/plan-on-demand-cases.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
});
afterAll(async () => {
  await db?.close();
});

describe('planning incidents on demand (PostgreSQL)', () => planOnDemandCases(() => db));
