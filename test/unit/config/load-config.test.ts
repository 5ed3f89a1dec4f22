// Tests: loadConfig — environment and firebreak.yaml together, all problems from both at once
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-load-'));

  it('combines the environment and the file it points at', () => {
    const path = join(dir, 'firebreak.yaml');
    writeFileSync(path, 'runner:\n  snapshot_cache: 0\n');
    const result = loadConfig({ FIREBREAK_CONFIG: path, PORT: '8080' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.env).toMatchObject({ port: 8080, configPath: path, configPathExplicit: true });
    expect(result.value.file.runner.snapshotCache).toBe(0);
  });

  it('reports problems from both at once', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'runner:\n  snapshot_cache: -1\n');
    expect(loadConfig({ FIREBREAK_CONFIG: path, PORT: '99999' })).toEqual({
      ok: false,
      errors: ['PORT: expected a port number 1-65535, got "99999"', 'runner.snapshot_cache (line 2): expected at least 0, got -1'],
    });
  });

  it('reports an explicitly named config file that does not exist', () => {
    const path = join(dir, 'nope.yaml');
    expect(loadConfig({ FIREBREAK_CONFIG: path })).toEqual({ ok: false, errors: [`FIREBREAK_CONFIG: no file at ${path}`] });
  });
});
