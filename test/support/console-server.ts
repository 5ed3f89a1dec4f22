// Test support: a Firebreak server with the web console behind Sign in with Slack — a FakeSlack for
// the bot's calls, the fake OpenID provider in front of it, and the server on a port chosen first
// (FIREBREAK_PUBLIC_URL must name it). `declare(…)` sends a generic alert; `makePrivate` reloads
// config so the next incidents get private channels.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startFirebreak, type Firebreak } from '../../src/main.js';
import { silentLogger } from '../../src/observability/observer.js';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startFakeSlackOpenId, type FakeSlackOpenId } from './fake-slack-openid.js';
import { freePort } from './http.js';
import { copyTemplateDataDir } from './store/embedded.js';
import { deliver, SECRETS } from './webhooks.js';

/** The fake Slack's own workspace: its users.info answers say they belong to it. */
export const TEAM = FAKE_TEAM_ID;
export const CLIENT_ID = '1234.5678';
export const CLIENT_SECRET = 'console-client-secret-0123456789';
export const API_TOKEN = 'console-api-token-0123456789abcdef';
export const ADA = { id: 'UADA00001', name: 'Ada Lovelace', team: TEAM };
export const BOB = { id: 'UBOB00002', name: 'Bob Outsider', team: TEAM };
export const EVE = { id: 'UEVE00003', name: 'Eve Elsewhere', team: 'TOTHERTEAM' };

const yaml = (privateChannels: boolean, extra: string) => `routing:\n  defaults: { declare: sev4 }\nslack:\n  private_channels: ${privateChannels}\n${extra}`;

export interface ConsoleServer {
  app: Firebreak;
  url: string;
  slack: FakeSlack;
  openId: FakeSlackOpenId;
  declare(key: string, title: string, severity: string, service: string): Promise<number>;
  makePrivate(on: boolean): void;
  stop(): Promise<void>;
}

/** `extraYaml`: more of firebreak.yaml (e.g. `targets:`), kept when makePrivate rewrites it. */
export async function startConsoleServer(env: Record<string, string> = {}, extraYaml = ''): Promise<ConsoleServer> {
  const slack = await startFakeSlack();
  const openId = await startFakeSlackOpenId({ slack, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'fb-console-'));
  const configPath = join(dir, 'firebreak.yaml');
  writeFileSync(configPath, yaml(false, extraYaml));
  const config = loadConfig({
    ...SECRETS, FIREBREAK_DATA_DIR: await copyTemplateDataDir(), FIREBREAK_CONFIG: configPath, PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-console-0000-firebreak', SLACK_API_URL: openId.url, SLACK_TEAM_ID: TEAM,
    SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, FIREBREAK_PUBLIC_URL: url,
    FIREBREAK_SESSION_SECRET: 'console-session-secret-0123456789abcdef', FIREBREAK_API_TOKEN: API_TOKEN, ...env,
  });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const app = await startFirebreak(config.value, silentLogger, { host: '127.0.0.1' });
  return {
    app, url, slack, openId,
    async declare(key, title, severity, service) {
      const res = await deliver(url, 'generic', Buffer.from(JSON.stringify({ key, status: 'firing', title, severity, service })));
      const body = res.body as { declared: number[] };
      if (res.status !== 202 || body.declared.length !== 1) throw new Error(`alert ${key} declared nothing (${res.status})`);
      return body.declared[0]!;
    },
    makePrivate(on) {
      writeFileSync(configPath, yaml(on, extraYaml));
      const r = app.reload();
      if (!r.ok) throw new Error('config reload failed');
    },
    async stop() {
      await app.stop();
      await openId.close();
      await slack.close();
    },
  };
}
