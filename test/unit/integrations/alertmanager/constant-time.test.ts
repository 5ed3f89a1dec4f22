// Tests: the shared Bearer comparison runs timingSafeEqual over equal-length digests
import { describe, expect, it, vi } from 'vitest';

const spy = vi.hoisted(() => ({ calls: [] as Array<[Buffer, Buffer]> }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      spy.calls.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const { Secret } = await import('../../../../src/config/secret.js');
const { alertmanagerWebhook } = await import('../../../../src/integrations/alertmanager/webhook.js');

describe('bearer token comparison', () => {
  it('compares equal-length digests with timingSafeEqual, whatever the lengths of the tokens', () => {
    spy.calls.length = 0;
    const secrets = { token: new Secret('a-rather-long-configured-token') };
    for (const given of ['x', 'a-rather-long-configured-token', 'a-rather-long-configured-token-and-more']) {
      alertmanagerWebhook.verify({ authorization: `Bearer ${given}` }, Buffer.from('{}'), secrets, new Date());
    }
    expect(spy.calls).toHaveLength(3);
    for (const [a, b] of spy.calls) {
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
    }
  });
});
