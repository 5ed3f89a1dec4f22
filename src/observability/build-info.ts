// Observability: what is running (firebreak_build_info): the package version, Node's, and the git
// commit when the server runs from a clone (an image built without .git has none, and says nothing).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  version: string;
  node: string;
  commit?: string;
}

export function readBuildInfo(from = fileURLToPath(import.meta.url)): BuildInfo {
  const root = packageRoot(dirname(from));
  const version = root ? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version : undefined;
  const commit = root ? gitCommit(root) : undefined;
  return { version: version ?? 'unknown', node: process.version, ...(commit ? { commit } : {}) };
}

/** The folder of Firebreak's own package.json, walking up from src/ or dist/src/. */
function packageRoot(dir: string): string | undefined {
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'firebreak') return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const SHA = /^[0-9a-f]{40}$/;
const asSha = (text: string) => (SHA.test(text.trim()) ? text.trim() : undefined);

/** HEAD's commit, read from the files git keeps (no git binary needed); a worktree's refs live in its common dir. */
function gitCommit(root: string): string | undefined {
  try {
    const dotGit = join(root, '.git');
    const gitDir = statSync(dotGit).isDirectory() ? dotGit : resolve(root, readFileSync(dotGit, 'utf8').replace(/^gitdir:\s*/, '').trim());
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (SHA.test(head)) return head;
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    const common = existsSync(join(gitDir, 'commondir')) ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()) : gitDir;
    for (const dir of [gitDir, common]) {
      const loose = join(dir, ref);
      if (existsSync(loose)) return asSha(readFileSync(loose, 'utf8'));
      const packed = join(dir, 'packed-refs');
      const line = existsSync(packed) ? readFileSync(packed, 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`)) : undefined;
      if (line) return asSha(line.split(' ')[0] ?? '');
    }
  } catch {
    // No readable .git: not a clone. The label is left out rather than guessed.
  }
  return undefined;
}
