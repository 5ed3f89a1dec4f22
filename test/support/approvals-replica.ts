// Test support: one Firebreak "replica" for the approval tests — an engine (incident + approval
// workflows) over a given store, the incident and approval effects with chat in local mode, the
// incidents and approvals APIs, and the executors it is handed. Used in-process (two replicas on one
// PostgreSQL) and by approvals-child.ts (a process to SIGKILL).
import { createApprovals, registerApprovalEffects, type Approvals } from '../../src/approvals/index.js';
import { defaultFileConfig } from '../../src/config/index.js';
import type { ActionsConfig } from '../../src/config/actions-schema.js';
import { createEngine, defaultEngineSettings, type Engine } from '../../src/engine.js';
import { EffectRegistry } from '../../src/effects/registry.js';
import type { Executor } from '../../src/effects/ports.js';
import { registerIncidentEffects } from '../../src/incidents/effects/index.js';
import { createIncidents, incidentSettings, type Incidents } from '../../src/incidents/index.js';
import { createChatPort } from '../../src/integrations/slack/port.js';
import { createLocalChat } from '../../src/integrations/slack/local-chat.js';
import { silentLogger } from '../../src/observability/observer.js';
import { createRedactor } from '../../src/observability/redact.js';
import type { Transport } from '../../src/store/transport.js';
import { approvalDefinition } from '../../src/workflows/approval/index.js';
import { incidentDefinition } from '../../src/workflows/incident/index.js';

export interface Replica {
  engine: Engine;
  incidents: Incidents;
  approvals: Approvals;
}

export const catalogOf = (executor: string, over: Partial<ActionsConfig[string]> = {}): ActionsConfig => ({
  block_ip: {
    name: 'block_ip', kind: 'block_ip', executor, risk: 'high', approvers: { users: ['U0ANNA', 'U0BEN', 'U0CAL'], groups: [], roles: [] }, approvalsRequired: 1,
    expiryMs: 15 * 60_000, perHour: 100, ttlMs: null, dmApprovers: false, protected: [], settings: {}, ...over,
  },
});

export function createReplica(opts: {
  store: Transport;
  executors: ReadonlyMap<string, Executor>;
  catalog: ActionsConfig;
  owner?: string;
  leaseMs?: number;
  now?: () => Date;
}): Replica {
  const registry = new EffectRegistry();
  const engine = createEngine({
    store: opts.store,
    definitions: [incidentDefinition, approvalDefinition],
    registry,
    settings: {
      ...defaultEngineSettings,
      scheduler: { ...defaultEngineSettings.scheduler, pollIntervalMs: 50 },
      dispatcher: { ...defaultEngineSettings.dispatcher, leaseMs: opts.leaseMs ?? defaultEngineSettings.dispatcher.leaseMs },
    },
    log: silentLogger,
    redact: createRedactor([]),
    ...(opts.owner !== undefined && { owner: opts.owner }),
    ...(opts.now !== undefined && { now: opts.now }),
  });
  const chat = createChatPort(createLocalChat({ log: () => {} }));
  registerIncidentEffects(registry, { chat, local: true, pager: null, webhooks: null, store: opts.store, runner: engine.runner, redact: createRedactor([]) } as Parameters<typeof registerIncidentEffects>[1]);
  registerApprovalEffects(registry, { store: opts.store, runner: engine.runner, chat, executors: opts.executors, catalog: () => opts.catalog, directory: null, ...(opts.now && { now: opts.now }) });
  const file = defaultFileConfig();
  const incidents = createIncidents({ store: opts.store, runner: engine.runner, wake: () => engine.scheduler.wake(0), settings: () => incidentSettings(file) });
  const approvals = createApprovals({
    store: opts.store, runner: engine.runner, catalog: () => opts.catalog, executors: opts.executors, directory: null, wake: () => engine.scheduler.wake(0),
    ...(opts.now && { now: opts.now }),
  });
  return { engine, incidents, approvals };
}
