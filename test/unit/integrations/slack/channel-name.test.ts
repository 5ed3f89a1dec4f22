// Test: incident channel names that Slack accepts, from any title
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../../src/domain/alert.js';
import {
  CHANNEL_NAME_PATTERN, DEFAULT_CHANNEL_PATTERN, channelName, slugify, withSuffix, type ChannelNameInput,
} from '../../../../src/integrations/slack/channel-name.js';

const input = (title: string, over: Partial<ChannelNameInput> = {}): ChannelNameInput => ({
  number: 42, title, service: 'Payments API', severity: 'sev2', ...over,
});
const name = (title: string, over: Partial<ChannelNameInput> = {}) => channelName(DEFAULT_CHANNEL_PATTERN, input(title, over));

describe('channelName', () => {
  it('makes inc-<number>-<slug> from the title by default', () => {
    expect(name('Database is DOWN!')).toBe('inc-42-database-is-down');
  });

  it('transliterates accents to ASCII', () => {
    expect(name('Café crème brûlée — Zürich')).toBe('inc-42-cafe-creme-brulee-zurich');
    expect(name('Straße Ærø Łódź')).toBe('inc-42-strasse-aero-lodz');
  });

  it('drops emoji, keeping the words around them', () => {
    expect(name('🔥 checkout 🔥 on fire')).toBe('inc-42-checkout-on-fire');
  });

  it('drops the slug cleanly when the title is all emoji, CJK or Cyrillic', () => {
    expect(name('🔥🔥🔥')).toBe('inc-42');
    expect(name('データベース障害')).toBe('inc-42');
    expect(name('Сбой базы данных')).toBe('inc-42');
  });

  it('keeps the Latin part of a mixed-script title', () => {
    expect(name('Redis 障害 in eu-west-1')).toBe('inc-42-redis-in-eu-west-1');
  });

  it('handles an empty title, and a title with neither number nor words', () => {
    expect(name('')).toBe('inc-42');
    expect(name('   ', { number: null })).toBe('inc-incident');
  });

  it('collapses runs of separators and strips them from both ends', () => {
    expect(name('  --__ weird__--name__ ')).toBe('inc-42-weird-name');
    expect(name('db_primary failover')).toBe('inc-42-db_primary-failover');
  });

  it('shortens a very long title at a word boundary, within 80 characters and without a trailing hyphen', () => {
    const long = name('the primary database cluster in eu-west-1 stopped accepting writes after the failover at noon');
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toBe('inc-42-the-primary-database-cluster-in-eu-west-1-stopped-accepting-writes-after');
    expect(name('x'.repeat(300))).toBe(`inc-42-${'x'.repeat(73)}`);
  });

  it('fills {service} and {severity}, and slugs the service too', () => {
    expect(channelName('{severity}-{service}-{number}', input('x'))).toBe('sev2-payments-api-42');
    expect(channelName('inc-{number}-{service}-{slug}', input('Latency', { service: null }))).toBe('inc-42-latency');
  });

  it('leaves out an unknown placeholder and a missing number', () => {
    expect(channelName('inc-{nope}-{number}-{slug}', input('Disk full', { number: null }))).toBe('inc-disk-full');
    expect(channelName('inc-{__proto__}-{number}', input('x'))).toBe('inc-42');
  });

  it('honours a shorter maxLength', () => {
    expect(channelName(DEFAULT_CHANNEL_PATTERN, input('database is down'), 20)).toBe('inc-42-database-is');
  });

  it('for any title, service and pattern piece: a name Slack accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.option(fc.string({ maxLength: 100 })),
        fc.option(fc.integer({ min: 1, max: 10_000_000 })),
        fc.constantFrom(...SEVERITIES),
        fc.constantFrom(DEFAULT_CHANNEL_PATTERN, '{slug}', '{severity}_{number}_{service}_{slug}', 'INC {number}: {slug}!!'),
        (title, service, number, severity, pattern) => {
          const result = channelName(pattern, { title, service, number, severity });
          expect(result).toMatch(CHANNEL_NAME_PATTERN);
          expect(result).not.toMatch(/[-_]$/);
        },
      ),
    );
  });
});

describe('slugify', () => {
  it('turns full-width letters into ASCII through NFKD', () => {
    expect(slugify('ＡＰＩ ｄｏｗｎ')).toBe('api-down');
  });
});

describe('withSuffix', () => {
  it('appends -n for a name taken by someone else', () => {
    expect(withSuffix('inc-42-db-down', 2)).toBe('inc-42-db-down-2');
  });

  it('stays within 80 characters, cutting the name rather than the suffix', () => {
    const long = name('word '.repeat(40));
    const suffixed = withSuffix(long, 12);
    expect(suffixed.length).toBeLessThanOrEqual(80);
    expect(suffixed.endsWith('-12')).toBe(true);
    expect(suffixed).toMatch(CHANNEL_NAME_PATTERN);
    expect(suffixed).not.toMatch(/--/);
  });
});

describe('CHANNEL_NAME_PATTERN', () => {
  it("matches what Slack's conversations.create accepts", () => {
    expect('inc-42_a').toMatch(CHANNEL_NAME_PATTERN);
    expect('x'.repeat(80)).toMatch(CHANNEL_NAME_PATTERN);
    for (const bad of ['', 'x'.repeat(81), 'Inc-42', 'inc 42', 'inc.42', '---', 'é']) expect(bad).not.toMatch(CHANNEL_NAME_PATTERN);
  });
});
