// CLI: `firebreak schema` — the JSON Schema of firebreak.yaml as written, for editors and CI
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fileSchema } from '../config/file-schema.js';

/** Describes the YAML input side: durations are strings with a pattern, defaults as written. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(fileSchema, { io: 'input', target: 'draft-2020-12' });
  // Title and description first, so a reader of the file meets them before the properties.
  return { $schema, title, description, ...rest };
}

/** The exact text of the checked-in firebreak.schema.json: pretty-printed, trailing newline. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** For the CLI entry: prints the schema to stdout. */
export function runSchema(out: { stdout(text: string): void }): number {
  out.stdout(renderConfigJsonSchema());
  return 0;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// `tsx src/cli/schema.ts > firebreak.schema.json` works before the CLI entry is wired.
if (isMain()) process.stdout.write(renderConfigJsonSchema());
