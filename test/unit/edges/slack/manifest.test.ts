import { readFileSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../../src/domain/incident.js';
import { registerListeners } from '../../../../src/edges/slack/index.js';
import type { Gate } from '../../../../src/access/guarded.js';
import type { Incidents } from '../../../../src/incidents/index.js';
import type { Reports } from '../../../../src/reports/index.js';
import { SUBCOMMANDS, usageHint } from '../../../../src/edges/slack/commands/index.js';
import { homeView } from '../../../../src/integrations/slack/blocks/home.js';
import { declareModal, resolveModal, updateModal } from '../../../../src/integrations/slack/blocks/modals.js';
import { postmortemReminderMessage, statusReminderMessage } from '../../../../src/integrations/slack/blocks/reminders.js';
import { summaryBlocks } from '../../../../src/integrations/slack/blocks/summary.js';
import { approvalMessage, denyModal } from '../../../../src/integrations/slack/blocks/approval.js';
import type { ApprovalView } from '../../../../src/domain/approval.js';
import { silentLogger } from '../../../../src/observability/observer.js';

const manifest = JSON.parse(readFileSync(new URL('../../../../manifest.json', import.meta.url), 'utf8')) as {
  features: {
    slash_commands: Array<{ command: string; url: string; should_escape: boolean; usage_hint: string }>;
    app_home: { home_tab_enabled: boolean };
    shortcuts?: Array<{ name: string; type: 'message' | 'global'; callback_id: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url: string }; interactivity: { is_enabled: boolean; request_url: string } };
};

/** Registers every listener on a recording stand-in for Bolt's App. */
function registered() {
  const ids = { commands: [] as string[], actions: [] as string[], views: [] as string[], events: [] as string[], shortcuts: [] as string[] };
  const app = {
    shortcut: (c: { callback_id: string; type: string }) => ids.shortcuts.push(`${c.type === 'message_action' ? 'message' : 'global'}:${c.callback_id}`),
    command: (id: string) => ids.commands.push(id),
    action: (id: string) => ids.actions.push(id),
    view: (id: string) => ids.views.push(id),
    event: (id: string) => ids.events.push(id),
  } as unknown as App;
  app.use = () => app;
  registerListeners(app, { incidents: {} as Incidents, gate: {} as Gate, reports: {} as Reports, publicUrl: null, severities: { sev1: '', sev2: '', sev3: '', sev4: '' }, log: silentLogger });
  return ids;
}

const view: IncidentView = {
  id: 'inc_1', number: 1, title: 'Checkout down', severity: 'sev1', status: 'triggered', service: 'checkout',
  roles: { commander: 'U1', scribe: null, comms: null }, declaredBy: 'U1', declaredAt: '2026-11-27T00:00:00Z',
  acknowledgedAt: null, resolvedAt: null, alerts: { firing: 1, resolved: 0, latest: [] }, lastUpdate: null, channel: { id: 'C1', name: 'inc-1' },
  followups: [{ id: 1, text: 'Add a timeout', owner: 'U1', due: null, done: false }],
};

const request: ApprovalView = {
  id: 'apr_1', number: 1, incidentId: 'inc_1', incidentNumber: 1, action: 'block_ip', kind: 'block_ip', params: { ip: '203.0.113.7' }, paramsHash: 'h',
  reason: null, requester: 'U1', risk: 'high', phase: 'awaiting', required: 1, approvals: [], approvers: { users: ['U2'], groups: [] },
  expiresAt: '2026-12-08T02:15:00Z', brokeGlass: false, breakGlassJustification: null, denial: null, cancelledBy: null, refusal: null, result: null,
  liftAt: null, lift: null, settledBy: null, evidence: null,
};

/** Every interactive id in what the code renders: buttons outside inputs, and modal callback ids. */
function rendered() {
  const actions = new Set<string>();
  const callbacks = new Set<string>();
  const walk = (node: unknown, insideInput: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, insideInput));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const isInput = insideInput || o.type === 'input';
    if (!isInput && typeof o.action_id === 'string') actions.add(o.action_id);
    if (typeof o.callback_id === 'string') callbacks.add(o.callback_id);
    Object.values(o).forEach((v) => walk(v, isInput));
  };
  const escalating = { escalation: { policy: 'sre', level: 1, levels: 2, round: 0, repeat: 0, nextAt: null, exhausted: false } };
  walk(summaryBlocks({ ...view, ...escalating, ipsSeen: ['185.220.101.7'] }, new Date(), { buttons: ['acknowledge', 'resolve', 'escalate', 'propose-block', 'diagnostics'] }), false);
  walk(statusReminderMessage(view, 1_800_000, 1_800_000).blocks, false);
  walk(postmortemReminderMessage(view, { commander: 'U1', count: 1, elsewhere: false }).blocks, false);
  walk(declareModal({ channel: 'C1' }), false);
  walk(resolveModal(view), false);
  walk(updateModal(view), false);
  walk(homeView({ incidents: [view], viewer: 'U1', now: new Date() }), false);
  walk(approvalMessage(request, new Date()).blocks, false);
  walk(approvalMessage({ ...request, phase: 'unknown' }, new Date()).blocks, false);
  walk(denyModal({ id: request.id, number: 1, title: 'Block IP' }), false);
  return { actions: [...actions].sort(), callbacks: [...callbacks].sort() };
}

describe('manifest.json and the handlers agree', () => {
  it('has a handler for every slash command in the manifest, and a manifest entry for every command handled', () => {
    expect(registered().commands.sort()).toEqual(manifest.features.slash_commands.map((c) => c.command).sort());
  });

  it('has a handler for every event the manifest subscribes to, and subscribes to every event handled', () => {
    expect(registered().events.sort()).toEqual([...manifest.settings.event_subscriptions.bot_events].sort());
    expect(manifest.features.app_home.home_tab_enabled).toBe(registered().events.includes('app_home_opened'));
  });

  it('handles every action_id and callback_id the code renders, and renders every one it handles', () => {
    const ids = registered();
    const shown = rendered();
    expect([...ids.actions].sort()).toEqual(shown.actions);
    expect([...ids.views].sort()).toEqual(shown.callbacks);
  });

  it('has a handler for every shortcut in the manifest, and a manifest entry for every shortcut handled', () => {
    const declared = (manifest.features.shortcuts ?? []).map((s) => `${s.type}:${s.callback_id}`).sort();
    expect(registered().shortcuts.sort()).toEqual(declared);
    for (const s of manifest.features.shortcuts ?? []) expect(s.description.length).toBeLessThanOrEqual(80);
  });

  it('sends commands, interactions and events to the one endpoint, with escaped user mentions', () => {
    const urls = [...manifest.features.slash_commands.map((c) => c.url), manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    expect(urls.every((u) => new URL(u).pathname === '/slack/events')).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.slash_commands.every((c) => c.should_escape)).toBe(true);
  });

  it("hints every /incident subcommand in the manifest's usage_hint, built from the subcommand registry", () => {
    const hint = manifest.features.slash_commands.find((c) => c.command === '/incident')!.usage_hint;
    // When this fails, paste the expected value into manifest.json (and reinstall the app).
    expect(hint).toBe(usageHint());
    for (const s of SUBCOMMANDS) expect(hint).toContain(s.name);
  });

  it('asks only for the scopes the README justifies', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const scope of manifest.oauth_config.scopes.bot) expect(readme).toContain(`\`${scope}\``);
  });
});
