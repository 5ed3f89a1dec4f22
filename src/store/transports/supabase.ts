// Store transport: supabase-js `.rpc()` on the same plpgsql functions, over Supabase's PostgREST.
import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import ws from 'ws';
import { StoreError, type Transport } from '../transport.js';
import { redactSecrets } from './redact.js';
import { assertIdentifier } from './sql-call.js';

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

export interface SupabaseOptions {
  url: string;
  serviceRoleKey: string;
  /** Per-call deadline before 'unavailable' (default 10 s). */
  timeoutMs?: number;
}

export interface SupabaseTransport extends Transport {
  readonly kind: 'supabase';
}

// PostgREST answers 503 (PGRST000-003) when it cannot reach PostgreSQL; 5xx/429/408 and network
// failures (status 0) are the store's trouble, never the call's.
const isUnavailableStatus = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

export function openSupabase(options: SupabaseOptions): SupabaseTransport {
  const { url, serviceRoleKey } = options;
  const clean = (text: string) => redactSecrets(text, [serviceRoleKey]);
  let client;
  try {
    client = createClient(url, serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // On Node 20 supabase-js needs a WebSocket implementation even though we never subscribe. The
      // cast: ws's constructor types accept more than realtime-js's WebSocketLikeConstructor declares.
      realtime: { transport: ws as unknown as RealtimeTransport },
      db: { schema: 'public' },
    });
  } catch (err) {
    throw new StoreError('unavailable', `cannot use the Supabase URL: ${clean(String((err as Error)?.message ?? err))}`);
  }
  let closed = false;

  return {
    kind: 'supabase',
    async rpc<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
      if (closed) throw new StoreError('unavailable', 'the supabase store is closed');
      assertIdentifier(fn, 'function');
      for (const name of Object.keys(args)) assertIdentifier(name, 'argument');
      let res;
      try {
        res = await client.rpc(fn, args).abortSignal(AbortSignal.timeout(options.timeoutMs ?? 10_000));
      } catch (err) {
        throw new StoreError('unavailable', `supabase ${fn}: ${clean(String((err as Error)?.message ?? err))}`);
      }
      const { data, error, status } = res;
      if (!error) return (data ?? null) as T;
      const code = error.code ? ` (${error.code})` : '';
      const message = clean(`${fn}: ${error.message || `HTTP ${status}`}${code}`);
      const kind = isUnavailableStatus(status) || error.code?.startsWith('PGRST00') ? 'unavailable' : 'rejected';
      throw new StoreError(kind, kind === 'unavailable' ? `supabase ${message}` : message, { cause: { code: error.code, status } });
    },
    async close() {
      closed = true;
      await client.removeAllChannels();
    },
  };
}
