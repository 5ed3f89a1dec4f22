// CLI: `firebreak export incident <n>` (everything about one incident, as JSON on stdout) and
// `firebreak erase <identifier>` (a person's identifier replaced by a pseudonym across incidents).
// Both open the configured store (the embedded one only while no server holds it), and both are
// recorded in the audit log as done by the operator at this shell.
import { userInfo } from 'node:os';
import type { Actor } from '../domain/actor.js';
import type { CliEnv, CliOutput } from './commands.js';
import { withStore } from './store.js';

function operator(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (a container): stays unknown
  }
  return { id: `cli:${name}`, team: null, via: 'firebreak' };
}

export async function runExport(what: string, id: string, out: CliOutput, env: CliEnv): Promise<number> {
  const number = Number(id);
  if (what !== 'incident' || !Number.isSafeInteger(number) || number < 1) {
    out.stderr('usage: firebreak export incident <number>');
    return 2;
  }
  return withStore(out, env, async (store) => {
    const { exportIncidentRecord } = await import('../security/governance.js');
    const record = await exportIncidentRecord(store, number, operator());
    if (!record) {
      out.stderr(`firebreak: no incident #${number}`);
      return 1;
    }
    out.stdout(JSON.stringify(record, null, 2));
    return 0;
  });
}

export async function runErase(identifier: string, confirmed: boolean, out: CliOutput, env: CliEnv): Promise<number> {
  const trimmed = identifier.trim();
  if (trimmed.length < 3) {
    out.stderr('firebreak: the identifier must be at least 3 characters (an email, a Slack user id, a name)');
    return 2;
  }
  if (!confirmed) {
    out.stderr('firebreak: erasure rewrites stored incidents and cannot be undone; add --yes to proceed');
    return 2;
  }
  return withStore(out, env, async (store) => {
    const { erasePerson } = await import('../security/governance.js');
    const { pseudonym, erased } = await erasePerson(store, trimmed, operator());
    const total = Object.values(erased).reduce((a, b) => a + b, 0);
    out.stdout(`firebreak: replaced the identifier with ${pseudonym} in ${total} row(s): ${Object.entries(erased).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    return 0;
  });
}
