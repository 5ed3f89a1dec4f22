// Tests: Slack Web API failures → retry (with Retry-After) or give-up, never showing the token.
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import {
  classifySlackCode,
  classifySlackError,
  FRESH_CHANNEL_RETRY_MS,
  isSuccessCode,
  SLACK_ERROR_VERDICTS,
  slackErrorCode,
} from '../../../../src/integrations/slack/classify.js';

const platform = (error: string, extra: Record<string, unknown> = {}) => new WebAPIPlatformError({ ok: false, error, ...extra });
const timeout = () => {
  const e = new Error('The operation was aborted due to timeout');
  e.name = 'TimeoutError';
  return e;
};

describe('classifySlackError', () => {
  it.each([
    ['429 Retry-After: 30', new WebAPIRateLimitedError(30), { kind: 'rate-limited', retryAfterMs: 30_000 }],
    ['429 Retry-After: 0', new WebAPIRateLimitedError(0), { kind: 'rate-limited', retryAfterMs: 0 }],
    ['ratelimited on HTTP 200', platform('ratelimited'), { kind: 'retry' }],
    ['ratelimited with a Retry-After header', platform('ratelimited', { response_metadata: { retryAfter: 12 } }), { kind: 'retry', retryAfterMs: 12_000 }],
    ['internal_error', platform('internal_error'), { kind: 'retry' }],
    ['fatal_error', platform('fatal_error'), { kind: 'retry' }],
    ['service_unavailable', platform('service_unavailable'), { kind: 'retry' }],
    ['request_timeout', platform('request_timeout'), { kind: 'retry' }],
    ['HTTP 500', new WebAPIHTTPError(500, 'Internal Server Error', {}, ''), { kind: 'retry' }],
    ['HTTP 503', new WebAPIHTTPError(503, 'Service Unavailable', {}, ''), { kind: 'retry' }],
    ['a timeout', new WebAPIRequestError(timeout()), { kind: 'retry' }],
    ['connection refused', new WebAPIRequestError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') })), { kind: 'retry' }],
    ['a body that is not JSON', platform('<html>Bad Gateway</html>'), { kind: 'retry' }],
    ['an error outside WebClient', new Error('socket hang up'), { kind: 'retry' }],
    ['invalid_auth', platform('invalid_auth'), { kind: 'give-up' }],
    ['not_authed', platform('not_authed'), { kind: 'give-up' }],
    ['account_inactive', platform('account_inactive'), { kind: 'give-up' }],
    ['token_revoked', platform('token_revoked'), { kind: 'give-up' }],
    ['channel_not_found', platform('channel_not_found'), { kind: 'give-up' }],
    ['is_archived', platform('is_archived'), { kind: 'give-up' }],
    ['msg_too_long', platform('msg_too_long'), { kind: 'give-up' }],
    ['invalid_blocks', platform('invalid_blocks'), { kind: 'give-up' }],
    ['an unknown code', platform('some_new_error'), { kind: 'give-up' }],
    ['HTTP 400', new WebAPIHTTPError(400, 'Bad Request', {}, ''), { kind: 'give-up' }],
  ] as const)('%s → %o', (_name, err, expected) => {
    const error = classifySlackError(err, { method: 'chat.postMessage' });
    expect(error).toMatchObject(expected);
    expect(error.message).toMatch(/^slack chat\.postMessage: /);
    if (!('retryAfterMs' in expected)) expect(error).not.toHaveProperty('retryAfterMs');
  });

  it('names the scope a missing_scope error needs', () => {
    const error = classifySlackError(platform('missing_scope', { needed: 'channels:manage', provided: 'chat:write' }), { method: 'conversations.create' });
    expect(error).toEqual({ kind: 'give-up', message: 'slack conversations.create: missing_scope (needs scope channels:manage)' });
  });

  it('retries channel_not_found shortly when the caller just created the channel', () => {
    expect(classifySlackError(platform('channel_not_found'), { method: 'conversations.setTopic', freshChannel: true })).toEqual({
      kind: 'retry',
      message: 'slack conversations.setTopic: channel_not_found just after creating it',
      retryAfterMs: FRESH_CHANNEL_RETRY_MS,
    });
    expect(FRESH_CHANNEL_RETRY_MS).toBeGreaterThanOrEqual(1_000);
    expect(FRESH_CHANNEL_RETRY_MS).toBeLessThanOrEqual(2_000);
  });

  it('says a timeout timed out', () => {
    expect(classifySlackError(new WebAPIRequestError(timeout()), { method: 'pins.add' }).message).toBe('slack pins.add: request failed: timed out');
  });

  it('never lets a token through, whatever echoed it', () => {
    const echoes = [
      new WebAPIRequestError(new Error('proxy refused Authorization: Bearer xoxb-123-456-secret')),
      new Error('bad token xoxb-123-456-secret'),
      platform('<html>token=xoxb-123-456-secret</html>'),
    ];
    for (const err of echoes) {
      const { message } = classifySlackError(err, { method: 'auth.test' });
      expect(message).not.toContain('xoxb-123-456-secret');
      expect(message).toContain('[redacted]');
    }
  });
});

describe('the classification table', () => {
  it('lists every retryable code the outbox must try again', () => {
    const retry = Object.entries(SLACK_ERROR_VERDICTS).filter(([, v]) => v === 'retry').map(([k]) => k);
    expect(retry).toEqual(expect.arrayContaining(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']));
    expect(SLACK_ERROR_VERDICTS.channel_not_found).toBe('give-up');
  });

  it.each([
    ['conversations.invite', 'already_in_channel', true],
    ['conversations.invite', 'cant_invite_self', true],
    ['pins.add', 'already_pinned', true],
    ['conversations.archive', 'already_archived', true],
    ['chat.postMessage', 'already_in_channel', false],
    ['pins.add', 'already_archived', false],
    ['pins.add', null, false],
  ] as const)('%s answering %s is success: %s', (method, code, expected) => {
    expect(isSuccessCode(method, code)).toBe(expected);
  });

  it('classifies one code on its own (a user in conversations.invite errors)', () => {
    expect(classifySlackCode('user_not_found', { method: 'conversations.invite' })).toEqual({ kind: 'give-up', message: 'slack conversations.invite: user_not_found' });
    expect(classifySlackCode('internal_error', { method: 'conversations.invite' }, { retryAfter: 3 })).toEqual({
      kind: 'retry',
      message: 'slack conversations.invite: internal_error',
      retryAfterMs: 3_000,
    });
  });

  it('reads the Slack code of a platform error only', () => {
    expect(slackErrorCode(platform('name_taken'))).toBe('name_taken');
    expect(slackErrorCode(new WebAPIRateLimitedError(1))).toBeNull();
    expect(slackErrorCode(new Error('x'))).toBeNull();
    expect(slackErrorCode(undefined)).toBeNull();
  });
});
