// Test: what Bolt and its Web API client log goes through our logger (and so our redactor), at the level set.
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../../../src/edges/slack/bolt-logger.js';

describe('boltLogger', () => {
  it('routes Bolt lines to our logger at or above the level, errors with their stack', () => {
    const lines: Array<[string, object, string | undefined]> = [];
    const ours = {
      debug: (o: object, m?: string) => void lines.push(['debug', o, m]),
      info: (o: object, m?: string) => void lines.push(['info', o, m]),
      warn: (o: object, m?: string) => void lines.push(['warn', o, m]),
      error: (o: object, m?: string) => void lines.push(['error', o, m]),
    };
    const logger = boltLogger(ours);
    logger.setName('web-api:WebClient:0');
    logger.info('not shown at warn');
    logger.warn('http request failed', { status: 503 });
    logger.error(new Error('An API error occurred: invalid_auth'));
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('now shown');
    expect(lines).toEqual([
      ['warn', { component: 'web-api:WebClient:0' }, 'http request failed {"status":503}'],
      ['error', { component: 'web-api:WebClient:0' }, expect.stringMatching(/^Error: An API error occurred: invalid_auth\n\s+at /)],
      ['debug', { component: 'web-api:WebClient:0' }, 'now shown'],
    ]);
    expect(logger.getLevel()).toBe(LogLevel.DEBUG);
  });
});
