// Store transports: one SQL function call built from named arguments, shared by PGlite and pg.
import { StoreError } from '../transport.js';

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const JSON_TYPES = new Set(['json', 'jsonb']);

export function assertIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) throw new StoreError('rejected', `invalid ${what} name ${JSON.stringify(name)}`);
}

/**
 * Returns `rpc(fn, args)` running `select fn(a => $1, b => $2::jsonb) as r`. Names are checked
 * against a strict pattern; every value is a bound parameter. Drivers guess a parameter's encoding
 * from its JS type (pg sends arrays as PostgreSQL arrays, strings as-is), which is wrong for jsonb:
 * so each function's json/jsonb arguments are looked up once and their values sent as JSON text,
 * exactly as PostgREST would pass them. Other object values are sent as JSON text too.
 */
export function createSqlRpc(query: Query): <T>(fn: string, args?: Record<string, unknown>) => Promise<T> {
  const jsonArgs = new Map<string, ReadonlyMap<string, string>>();

  async function jsonArgsOf(fn: string): Promise<ReadonlyMap<string, string>> {
    const known = jsonArgs.get(fn);
    if (known) return known;
    const rows = (await query(
      `select coalesce(p.proargnames, '{}') as names,
              array(select format_type(t, null) from unnest(p.proargtypes::oid[]) t) as types
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.proname = $1 and n.nspname = any (current_schemas(false))`,
      [fn],
    )) as { names: string[]; types: string[] }[];
    const names = new Map<string, string>();
    for (const row of rows) {
      row.types.forEach((type, i) => {
        const name = row.names[i];
        if (name && JSON_TYPES.has(type)) names.set(name, type);
      });
    }
    // A missing function is not cached: the call below fails with PostgreSQL's own error.
    if (rows.length > 0) jsonArgs.set(fn, names);
    return names;
  }

  return async <T>(fn: string, args: Record<string, unknown> = {}): Promise<T> => {
    assertIdentifier(fn, 'function');
    const json = await jsonArgsOf(fn);
    const named: string[] = [];
    const params: unknown[] = [];
    for (const [name, value] of Object.entries(args)) {
      assertIdentifier(name, 'argument');
      if (value === undefined) continue; // like a key absent from a PostgREST body: the default applies
      const type = json.get(name);
      params.push(toParam(value, type !== undefined));
      named.push(`${name} => $${params.length}${type ? `::${type}` : ''}`);
    }
    const rows = await query(`select ${fn}(${named.join(', ')}) as r`, params);
    return (rows[0]?.r ?? null) as T;
  };
}

function toParam(value: unknown, isJson: boolean): unknown {
  if (value === null) return null;
  if (isJson) return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

// SQLSTATEs that are never the call's own fault, so 'unavailable': connection (08), resources (53),
// operator intervention (57: admin shutdown, cannot connect now, statement timeout), serialization
// failure, deadlock, lock timeout; and a store that cannot be used at all (auth 28, no database).
const TRANSIENT_STATES = /^(08|53|57|40001|40P01|55P03|3D000|28)/;

export function isTransientSqlState(code: string): boolean {
  return TRANSIENT_STATES.test(code);
}

export function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
