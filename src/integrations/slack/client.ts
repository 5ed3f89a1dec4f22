// Slack: the Web API client for outbox-driven calls — no built-in retries, no queue pauses, no logging.
import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { createLeanFetch } from '../lean-fetch.js';

export interface SlackClientOptions {
  /** Bot token (xoxb-…). Kept inside the client; never logged. */
  token: string;
  /** Web API base URL; a fake on loopback in tests (SLACK_API_URL). */
  apiUrl?: string;
  /** Per-request timeout; a slow call becomes a retryable failure instead of a stuck worker. */
  timeoutMs?: number;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
const DEFAULT_TIMEOUT_MS = 10_000;

export function createSlackClient(opts: SlackClientOptions): WebClient {
  return new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl ?? DEFAULT_SLACK_API_URL,
    // WebClient's defaults retry for ~30 minutes and pause the whole client on a 429. The outbox owns
    // retries: a 429 comes back at once with Retry-After, so one slow method never stalls paging.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logger: silentLogger(),
    // Every chat and paging effect is a Web API call: half the client CPU of the global fetch (lean-fetch.ts).
    fetch: createLeanFetch(),
  });
}

/**
 * WebClient logs request bodies at debug level and warnings to the console. Failures reach us as
 * thrown errors, which the outbox records; staying silent keeps Slack's output out of our log format
 * and leaves no path for a token into a log line.
 */
function silentLogger(): Logger {
  let level = LogLevel.ERROR;
  const ignore = () => undefined;
  return {
    debug: ignore,
    info: ignore,
    warn: ignore,
    error: ignore,
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: ignore,
  };
}
