import { afterAll, beforeAll, describe } from 'vitest';
import { incidentLoadCases } from '../support/incidents/load-cases.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
});
afterAll(async () => {
  await db?.close();
});

describe('loading an incident (PostgreSQL)', () => incidentLoadCases(() => db));
