// CLI: the configured store for a one-shot command — configuration problems one line each (exit 2),
// a store that will not open one readable line (exit 2), and the store closed whatever happens.
import { loadConfig } from '../config/index.js';
import type { Transport } from '../store/transport.js';
import type { CliEnv, CliOutput } from './commands.js';

export async function withStore<T>(out: CliOutput, env: CliEnv, work: (store: Transport) => Promise<T>): Promise<T | 2> {
  const config = loadConfig(env);
  if (!config.ok) {
    for (const line of config.errors) out.stderr(line);
    return 2;
  }
  const { openTransport } = await import('../store/open.js');
  let store;
  try {
    store = await openTransport(config.value.env.store);
  } catch (err) {
    out.stderr(`firebreak: cannot open the ${config.value.env.store.kind} store: ${(err as Error).message}`);
    return 2;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
