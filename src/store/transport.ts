// Store: the one small interface the three transports (embedded PGlite, pg pool, supabase-js) share.
// The store's real API is the plpgsql functions in supabase/migrations; a transport only calls them.

export type TransportKind = 'embedded' | 'postgres' | 'supabase';

export interface Transport {
  readonly kind: TransportKind;
  /**
   * Calls SQL function `fn` with named arguments and returns its jsonb result (`null` for SQL null).
   * Throws StoreError: kind 'unavailable' for what a retry may cure (connection refused, timeout,
   * 5xx), 'rejected' for what it will not (bad arguments, a raised exception).
   */
  rpc<T = unknown>(fn: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** A transport that can also run plain SQL: what migrations and tests need (not supabase-js). */
export interface SqlTransport extends Transport {
  exec(sql: string): Promise<void>;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export type StoreErrorKind = 'unavailable' | 'rejected' | 'schema';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
