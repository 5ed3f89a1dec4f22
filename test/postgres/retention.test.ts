import { afterAll, beforeAll, describe } from 'vitest';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { retentionCases } from '../support/store/retention-cases.js';

let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
});
afterAll(() => db?.close());

describe('retention (PostgreSQL)', () => retentionCases(() => db));
