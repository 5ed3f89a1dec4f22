// Test support (escalation): a Firebreak server's environment pointed at the loopback fakes, and
// the counting the escalation tests do at those fakes — Slack mentions in an incident's own channel
// (not DMs, not the announcement channel) and PagerDuty triggers per incident and level.
import type { FakePagerDuty } from './fake-pagerduty.js';
import type { FakeSlack } from './fake-slack.js';
import { SLACK_SIGNING_SECRET } from './slack-requests.js';
import { SECRETS } from './webhooks.js';

export const BOT_TOKEN = 'xoxb-escalation-0000-firebreak';
/** An Events API v2 integration key's shape: 32 letters and digits. */
export const ROUTING_KEY = 'R0UTINGKEYESCALATION0123456789ab';

/** Environment for `firebreak start`: signed generic webhooks, Slack and PagerDuty at the fakes. */
export function fakeVendorsEnv(slack: FakeSlack, pagerduty: FakePagerDuty): Record<string, string> {
  return {
    WEBHOOK_TOKEN: SECRETS.WEBHOOK_TOKEN,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
    PAGERDUTY_EVENTS_URL: pagerduty.url,
  };
}

/** A firing generic alert for its own service, so each one declares its own incident. */
export function alertBody(key: string, service: string, severity = 'sev2'): Buffer {
  return Buffer.from(JSON.stringify({ key, status: 'firing', title: `${service} is down`, severity, service }));
}

/** Successful chat.postMessage calls into `channel` that mention `user`, with the time Slack got each. */
export function channelMentions(slack: FakeSlack, channel: string, user: string): Array<{ at: number; text: string }> {
  return slack.calls
    .filter((c) => c.method === 'chat.postMessage' && c.ok && c.params.channel === channel && String(c.params.text ?? '').includes(`<@${user}>`))
    .map((c) => ({ at: c.at, text: String(c.params.text) }));
}

/** PagerDuty triggers per incident (dedup_key) and level (custom_details.level, e.g. "level 2"). */
export function triggersByIncidentAndLevel(pagerduty: FakePagerDuty): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const e of pagerduty.triggers()) {
    const level = String(e.payload?.custom_details?.level ?? '?');
    const perLevel = out.get(e.dedup_key) ?? new Map<string, number>();
    perLevel.set(level, (perLevel.get(level) ?? 0) + 1);
    out.set(e.dedup_key, perLevel);
  }
  return out;
}

/** Polls `check` until it is truthy; fails naming what it waited for. */
export async function waitUntil<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
