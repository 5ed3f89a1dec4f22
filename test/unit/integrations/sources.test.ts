import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config/env.js';
import { SEVERITIES } from '../../../src/domain/alert.js';
import type { SourceDescriptor } from '../../../src/integrations/source-descriptor.js';
import { ALERT_SOURCES, INTERNAL_SOURCES } from '../../../src/domain/alert.js';
import { closedSources, SOURCES } from '../../../src/integrations/sources.js';
import { FIXTURES as SENTRY_RESOURCES } from './sentry/fixtures.js';

const integrations = new URL('../../../src/integrations/', import.meta.url);

const isDescriptor = (value: unknown): value is SourceDescriptor<unknown> =>
  typeof value === 'object' && value !== null && 'webhook' in value && 'configured' in value && 'defaultSeverity' in value;

function envOf(vars: Record<string, string>) {
  const parsed = parseEnv(vars);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

describe('the list of alert sources', () => {
  it('lists every vendor folder that exports a source descriptor, each once', async () => {
    const exported: unknown[] = [];
    for (const folder of readdirSync(integrations, { withFileTypes: true })) {
      const index = new URL(`${folder.name}/index.ts`, integrations);
      if (!folder.isDirectory() || !existsSync(index)) continue;
      const module = (await import(index.href)) as Record<string, unknown>;
      exported.push(...Object.values(module).filter(isDescriptor));
    }
    expect(exported.length).toBeGreaterThan(0);
    for (const descriptor of exported) expect(SOURCES).toContain(descriptor);
    // The names firebreak.yaml may use are exactly the described sources, each once (and the internal ones, which have no webhook).
    expect(SOURCES.map((s) => s.name).sort()).toEqual(ALERT_SOURCES.filter((n) => !(INTERNAL_SOURCES as readonly string[]).includes(n)).sort());
    expect(new Set(SOURCES.map((s) => s.name)).size).toBe(SOURCES.length);
  });

  it.each(SOURCES.map((s) => [s.name, s] as const))('%s: maps lower-case words to severities, with a fallback', (_name, source) => {
    expect(source.defaultSeverity['*']).toBeDefined();
    for (const [word, severity] of Object.entries(source.defaultSeverity)) {
      expect(word).toBe(word.toLowerCase());
      expect(SEVERITIES).toContain(severity);
    }
  });

  it.each(SOURCES.map((s) => [s.name, s] as const))('%s: is closed without its variables and opened by any one of them', (_name, source) => {
    const descriptor: SourceDescriptor<unknown> = source;
    expect(descriptor.configured(envOf({}))).toBeNull();
    expect(source.variables.length).toBeGreaterThan(0);
    for (const variable of source.variables) expect(descriptor.configured(envOf({ [variable]: 'a-secret-value' }))).not.toBeNull();
  });

  it('names the closed sources for the start-up notice, in the list\'s order', () => {
    expect(closedSources(envOf({}))).toEqual(SOURCES.map((s) => s.name));
    expect(closedSources(envOf({ WEBHOOK_TOKEN: 't', GRAFANA_TOKEN: 'g' }))).toEqual(['pagerduty', 'datadog', 'sentry', 'alertmanager']);
  });

  it.each(SOURCES.map((s) => [s.name, s] as const))('%s: every fixture normalizes to alerts carrying this source name', (name, source) => {
    const dir = new URL(`../../fixtures/${name}/`, import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    let alerts = 0;
    for (const file of files) {
      const raw = readFileSync(new URL(file, dir));
      const resource = (SENTRY_RESOURCES as Record<string, string>)[file.replace(/\.json$/, '')] ?? 'event_alert';
      const parsed = source.webhook.parse({ 'sentry-hook-resource': resource }, JSON.parse(raw.toString('utf8')));
      if (!parsed.ok) continue; // e.g. Datadog's default payload, refused on purpose
      for (const alert of parsed.value.alerts) {
        expect(alert.source).toBe(name);
        alerts++;
      }
    }
    expect(alerts).toBeGreaterThan(0);
  });
});
