// Test support: an engine over a store with the test machines, fast polling and a recording log.
import { createEngine, defaultEngineSettings, type Engine, type EngineSettings } from '../../../src/engine.js';
import { EffectRegistry } from '../../../src/effects/registry.js';
import { silentLogger } from '../../../src/observability/observer.js';
import { createRedactor } from '../../../src/observability/redact.js';
import type { Transport } from '../../../src/store/transport.js';
import { testDefinitions } from '../../support/machines.js';

export function fastSettings(overrides: Partial<EngineSettings['dispatcher']> = {}): EngineSettings {
  return {
    ...defaultEngineSettings,
    scheduler: { pollIntervalMs: 50, batchSize: 200, leaseMs: 5_000 },
    dispatcher: { ...defaultEngineSettings.dispatcher, leaseMs: 5_000, backoff: { initialMs: 10, maxMs: 40 }, ...overrides },
    shutdownTimeoutMs: 2_000,
  };
}

export function testEngine(store: Transport, registry: EffectRegistry, settings = fastSettings(), owner?: string): Engine {
  return createEngine({ store, definitions: testDefinitions, registry, settings, log: silentLogger, redact: createRedactor([]), owner });
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { EffectRegistry };
