// Tests: Secret never prints its value, except through reveal()
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';

const VALUE = 'xoxb-super-secret-value';

describe('Secret', () => {
  const secret = new Secret(VALUE);

  it('hands out the value only through reveal()', () => {
    expect(secret.reveal()).toBe(VALUE);
  });

  it('prints as [redacted] in strings, template literals and concatenation', () => {
    expect(String(secret)).toBe('[redacted]');
    expect(`token=${secret}`).toBe('token=[redacted]');
    expect('token=' + secret).toBe('token=[redacted]');
  });

  it('serializes as [redacted] in JSON, nested or not', () => {
    expect(JSON.stringify(secret)).toBe('"[redacted]"');
    expect(JSON.stringify({ s: secret })).toBe('{"s":"[redacted]"}');
    expect(JSON.stringify({ slack: { botToken: secret } })).not.toContain(VALUE);
  });

  it('shows as [redacted] in util.inspect and console output, even with hidden fields shown', () => {
    expect(inspect(secret)).toBe('[redacted]');
    expect(inspect({ token: secret }, { showHidden: true, depth: 10 })).not.toContain(VALUE);
  });

  it('has no enumerable state to spread or list', () => {
    expect(Object.keys(secret)).toEqual([]);
    expect(JSON.stringify({ ...secret })).toBe('{}');
  });

  it('stays redacted in pino log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    pino({}, sink).info({ config: { slack: { botToken: secret } } }, 'starting');
    expect(lines.join('')).toContain('"botToken":"[redacted]"');
    expect(lines.join('')).not.toContain(VALUE);
  });
});
