// Test support: vitest global setup — builds (or reuses) the migrated PGlite template once per run.
import type { TestProject } from 'vitest/node';
import { ensurePgliteTemplate } from './store/template.js';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('pgliteTemplate', await ensurePgliteTemplate());
}
