// Tests: firebreak.schema.json matches the zod schema, and firebreak.example.yaml is valid
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, renderConfigJsonSchema } from '../../../src/cli/schema.js';
import { parseFileConfig } from '../../../src/config/file.js';
import { defaultFileConfig } from '../../../src/config/file-schema.js';
import { DURATION_PATTERN } from '../../../src/config/duration.js';

const root = join(import.meta.dirname, '../../..');
const read = (name: string) => readFileSync(join(root, name), 'utf8');

describe('firebreak.schema.json', () => {
  it('is what the code generates (if not: run `npm run schema`, or `npx tsx src/cli/schema.ts > firebreak.schema.json`)', () => {
    const checkedIn = read('firebreak.schema.json');
    expect(checkedIn === renderConfigJsonSchema(), 'firebreak.schema.json is stale: run `npm run schema`').toBe(true);
  });

  it('describes the YAML as written: durations are strings with a pattern, defaults as text', () => {
    const schema = configJsonSchema() as {
      title: string;
      additionalProperties: boolean;
      properties: { runner: { properties: { shutdown_timeout: Record<string, unknown> } } };
    };
    expect(schema.title).toBe('firebreak.yaml');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.runner.properties.shutdown_timeout).toMatchObject({
      type: 'string',
      pattern: DURATION_PATTERN.source,
      default: '10s',
    });
  });
});

describe('firebreak.example.yaml', () => {
  const text = read('firebreak.example.yaml');

  it('points editors at the schema on its first line', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./firebreak.schema.json');
  });

  it('validates, and shows exactly the built-in defaults apart from its two example detection rules', () => {
    const result = parseFileConfig(text, 'firebreak.example.yaml');
    if (!result.ok) throw new Error(result.errors.join('; '));
    const { detections: _detections, routing, ...rest } = result.value;
    const defaults = defaultFileConfig();
    expect({ ...rest, detections: [], routing: { ...routing, rules: routing.rules.filter((r) => !r.name?.startsWith('detection ')) } })
      .toEqual({ ...defaults });
    expect(routing.rules.map((r) => r.name)).toEqual(['detection failed-login-burst', 'detection privilege-escalation']);
  });

  it('ships the two built-in rules: ten failed logins from one IP in 5 minutes, and any role change', () => {
    const result = parseFileConfig(text, 'firebreak.example.yaml');
    const detections = result.ok ? result.value.detections : [];
    expect(detections).toEqual([
      {
        name: 'failed-login-burst', types: ['auth.login_failed'], where: {}, keyBy: ['ip'], windowMs: 5 * 60_000, threshold: 10, cooldownMs: 15 * 60_000,
        declare: { severity: 'sev2', service: 'auth', title: 'Failed logins from {key}' }, propose: { action: 'block_ip', ttlMs: 24 * 3_600_000 },
      },
      {
        name: 'privilege-escalation', types: ['auth.role_changed'], where: {}, keyBy: ['user'], windowMs: 60_000, threshold: 1, cooldownMs: 15 * 60_000,
        declare: { severity: 'sev2', service: 'auth', title: 'Role or claims changed for {key}' }, propose: { action: 'disable_account', ttlMs: 24 * 3_600_000 },
      },
    ]);
  });

  it('keeps its commented masking and retention sections valid and equal to the defaults once uncommented', () => {
    for (const section of ['masking', 'retention'] as const) {
      const start = text.indexOf(`# ${section}:`);
      const end = text.indexOf('\n\n', start);
      const uncommented = text.slice(start, end).split('\n').map((line) => line.replace(/^# ?/, '')).join('\n');
      const result = parseFileConfig(uncommented, `firebreak.example.yaml (${section} example)`);
      expect(result.ok && result.value[section]).toEqual(defaultFileConfig()[section]);
    }
  });

  it('keeps its commented escalation example valid once uncommented', () => {
    const start = text.indexOf('# escalation:');
    const uncommented = text
      .slice(start)
      .split('\n')
      .map((line) => line.replace(/^# ?/, ''))
      .join('\n');
    const result = parseFileConfig(uncommented, 'firebreak.example.yaml (escalation example)');
    expect(result.ok && Object.keys(result.value.escalation.policies)).toEqual(['sre']);
  });
});
