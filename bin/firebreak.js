#!/usr/bin/env node
// Entry for the `firebreak` command. Runs the compiled CLI (dist/, from `npm run build` or
// `npm start`) when it is at least as new as src/; otherwise the TypeScript sources through tsx (a
// dev dependency), so every command works straight after `npm ci` and never runs stale code. An
// image without src/ (the Docker one) runs dist/ as it is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = join(root, 'dist/src/cli/index.js');
// Written by every tsc build that emits (tsconfig.build.json's tsBuildInfoFile).
const buildStamp = join(root, 'dist/.tsbuildinfo');
const sources = join(root, 'src');

function newestSourceMtime() {
  let newest = 0;
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(compiled)) return false;
  if (!existsSync(sources)) return true;
  return existsSync(buildStamp) && statSync(buildStamp).mtimeMs >= newestSourceMtime();
}

async function runSources() {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    return false; // tsx is a dev dependency: absent after `npm ci --omit=dev`
  }
  register();
  await import(pathToFileURL(join(sources, 'cli/index.ts')).href);
  return true;
}

if (compiledIsCurrent()) {
  await import(pathToFileURL(compiled).href);
} else if (!(await runSources())) {
  if (existsSync(compiled)) {
    process.stderr.write('firebreak: dist/ is older than src/ and tsx is not installed; running dist/ (npm run build to refresh it)\n');
    await import(pathToFileURL(compiled).href);
  } else {
    process.stderr.write('firebreak: not built and tsx is not installed: run `npm ci` (with dev dependencies) or `npm run build`\n');
    process.exit(1);
  }
}
