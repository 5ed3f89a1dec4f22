// Vendor outage store contract on the real PostgreSQL server (a fresh database per suite).
import { describeBreakerContract } from '../support/store/breaker-contract.js';
import { openTestPostgres } from '../support/store/postgres.js';

describeBreakerContract('postgres', () => openTestPostgres());
