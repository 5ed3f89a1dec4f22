#!/usr/bin/env node
// Entry for the `firebreak` command: the compiled CLI (built by `npm run build`, run on `npm ci`).
import '../dist/src/cli/index.js';
