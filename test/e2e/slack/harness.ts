// Test support (Slack e2e): a Firebreak server wired to a fake Slack Web API on loopback, driven only
// through signed HTTP — alert webhooks, slash commands, button clicks — plus the questions the tests
// ask of what happened: Slack's recorded calls, the outbox, the timeline.
import type { Firebreak } from '../../../src/main.js';
import type { Executor } from '../../../src/effects/ports.js';
import { listEffects, type OutboxRow } from '../../../src/store/outbox.js';
import { listIncidents, type IncidentListItem } from '../../../src/store/incidents.js';
import type { TimelineEntry } from '../../../src/store/workflows.js';
import { startFakeSlack, type FakeChannel, type FakeSlack, type FakeSlackCall, type FakeSlackOptions } from '../../support/fake-slack.js';
import {
  SLACK_SIGNING_SECRET, sendButtonClick, sendCommand, startResponseUrl, type ResponseUrl, type SlackAnswer,
} from '../../support/slack-requests.js';
import { deliver, startTestServer } from '../../support/webhooks.js';

export const BOT_TOKEN = 'xoxb-e2e-0000-firebreak';
/** The announcement channel (`slack.announce_channel`): exists in the fake before Firebreak starts. */
export const ANNOUNCE_CHANNEL = 'CINCIDENTS';

export const DEFAULT_YAML = `
routing:
  defaults: { declare: sev2 }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
`;

export interface SlackE2e {
  fake: FakeSlack;
  app: Firebreak & { url: string };
  responses: ResponseUrl;
  /** `/incident <text>` from `user` in `channel`. */
  command(text: string, from: { user: string; channel: string }): Promise<SlackAnswer>;
  /** A button on the summary message `messageTs` in `channel`, clicked by `user`. */
  click(actionId: string, value: string, from: { user: string; channel: string; messageTs: string }): Promise<SlackAnswer>;
  /** A signed generic-webhook alert. */
  alert(alert: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface SlackE2eOptions {
  yaml?: string;
  fake?: FakeSlackOptions;
  /** Prepares the fake before Firebreak starts (failures queued for its first calls). */
  beforeStart?: (fake: FakeSlack) => void;
  /** More environment for the server (e.g. PagerDuty pointing at a loopback fake). */
  env?: Record<string, string>;
  /** Remediation executors by name (a test's fake). */
  executors?: ReadonlyMap<string, Executor>;
}

export async function startSlackE2e(opts: SlackE2eOptions = {}): Promise<SlackE2e> {
  const fake = await startFakeSlack(opts.fake);
  opts.beforeStart?.(fake);
  createChannel(fake, { id: ANNOUNCE_CHANNEL, name: 'incidents', creator: 'UADMIN' });
  const responses = await startResponseUrl();
  const app = await startTestServer(opts.yaml ?? DEFAULT_YAML, {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    ...opts.env,
  }, undefined, { ...(opts.executors && { executors: opts.executors }) }).catch(async (err: unknown) => {
    await Promise.all([responses.close(), fake.close()]);
    throw err;
  });
  return {
    fake,
    app,
    responses,
    command: (text, from) => sendCommand(app.url, { text, user_id: from.user, channel_id: from.channel, response_url: responses.url('command') }),
    click: (actionId, value, from) =>
      sendButtonClick(app.url, { actionId, value, user: from.user, channel: from.channel, messageTs: from.messageTs, response_url: responses.url('click') }),
    alert: (alert) => deliver(app.url, 'generic', Buffer.from(JSON.stringify(alert))),
    stop: async () => {
      await app.stop();
      await responses.close();
      await fake.close();
    },
  };
}

/** A channel someone else made, with our bot in it (as after /invite @firebreak). */
export function createChannel(fake: FakeSlack, ch: { id: string; name: string; creator: string }): FakeChannel {
  const channel: FakeChannel = { ...ch, is_private: false, is_archived: false, created: Math.floor(Date.now() / 1000), topic: '' };
  fake.state.channels.set(ch.id, channel);
  fake.state.members.set(ch.id, new Set([fake.state.botUserId, ch.creator]));
  return channel;
}

// ——— Waiting: effects run through the outbox dispatcher, so outcomes arrive a little later. ———

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it returns something other than undefined/false/null, or fails after
 * `timeoutMs` naming what it waited for.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Every outbox effect of the incident has finished (done or dead): nothing more is on its way to Slack. */
export function effectsSettled(app: Firebreak, incidentId: string, timeoutMs = 15_000): Promise<OutboxRow[]> {
  return waitFor(
    `the effects of ${incidentId} to settle`,
    async () => {
      const rows = await listEffects(app.store, incidentId);
      return rows.length > 0 && rows.every((r) => r.status === 'done' || r.status === 'dead') && rows;
    },
    timeoutMs,
  );
}

/** The one open incident (the tests make one at a time). */
export function theIncident(app: Firebreak, timeoutMs = 15_000): Promise<IncidentListItem> {
  return waitFor('an open incident', async () => (await listIncidents(app.store, true))[0], timeoutMs);
}

export function timeline(app: Firebreak, incidentId: string): Promise<TimelineEntry[]> {
  return app.engine.runner.timeline(incidentId);
}

/** The incident's Slack channel, once the store knows it. */
export function channelOf(app: Firebreak, incidentId: string, timeoutMs = 15_000): Promise<string> {
  return waitFor(
    `the Slack channel of ${incidentId}`,
    async () => (await listIncidents(app.store, false)).find((i) => i.id === incidentId)?.external.slack,
    timeoutMs,
  );
}

// ——— Reading the fake's record ———

export const succeeded = (fake: FakeSlack, method: string, channel?: string): FakeSlackCall[] =>
  fake.calls.filter((c) => c.method === method && c.ok && (channel === undefined || c.params.channel === channel));

/** The pinned live summary of `channel`: the first message we posted there. */
export function summaryMessage(fake: FakeSlack, channel: string) {
  return fake.state.messages.find((m) => m.channel === channel && m.user === fake.state.botUserId);
}

/** All the text a message's blocks show (mrkdwn and plain_text), one string to search in. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** The action_ids of the buttons on a message. */
export function buttonsOf(blocks: unknown): string[] {
  const list = Array.isArray(blocks) ? (blocks as Array<{ type?: string; elements?: Array<{ action_id?: string }> }>) : [];
  return list.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

/** The ephemeral text of a slash command's answer (the HTTP body Slack shows the user). */
export function answerText(answer: SlackAnswer): string {
  const body = answer.body as { text?: unknown } | string;
  return typeof body === 'object' && body !== null && typeof body.text === 'string' ? body.text : String(answer.text);
}
