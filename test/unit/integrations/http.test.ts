import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorForStatus, joinUrl, retryAfterMs, scrub, vendorCall } from '../../../src/integrations/http.js';

describe('vendorCall', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 500);
      if (req.url === '/limited') return void res.writeHead(429, { 'retry-after': '7' }).end('slow down');
      if (req.url === '/down') return void res.writeHead(503).end('down');
      res.writeHead(400).end('bad request token-abcdef');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('parses JSON on 2xx', async () => {
    const r = await vendorCall<{ a: number }>({ vendor: 't', baseUrl: base, path: '/ok' });
    expect(r.ok && r.value.body).toEqual({ a: 1 });
  });
  it('maps 429 with Retry-After, 5xx, 4xx and timeouts', async () => {
    expect(await vendorCall({ vendor: 't', baseUrl: base, path: '/limited' })).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 7000 } });
    expect(await vendorCall({ vendor: 't', baseUrl: base, path: '/down' })).toMatchObject({ ok: false, error: { kind: 'retry' } });
    const bad = await vendorCall({ vendor: 't', baseUrl: base, path: '/nope', secrets: ['token-abcdef'] });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'give-up' } });
    expect(JSON.stringify(bad)).not.toContain('token-abcdef');
    expect(await vendorCall({ vendor: 't', baseUrl: base, path: '/slow', timeoutMs: 50 })).toMatchObject({ ok: false, error: { kind: 'retry', message: expect.stringContaining('no answer within 50 ms') } });
  });
});

describe('vendorCall answerStatuses', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/gone') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>gone</h1>');
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"code":10009}]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('hands a listed error status back as an answer (JSON body parsed, other bodies null); unlisted ones stay errors', async () => {
    expect(await vendorCall({ vendor: 't', baseUrl: base, path: '/dup', answerStatuses: [400] })).toMatchObject({ ok: true, value: { status: 400, body: { errors: [{ code: 10009 }] } } });
    expect(await vendorCall({ vendor: 't', baseUrl: base, path: '/gone', answerStatuses: [404] })).toMatchObject({ ok: true, value: { status: 404, body: null } });
    expect(await vendorCall({ vendor: 't', baseUrl: base, path: '/gone', answerStatuses: [400] })).toMatchObject({ ok: false, error: { kind: 'give-up' } });
  });
});

describe('helpers', () => {
  it('joins base and path with a query', () => {
    expect(joinUrl('https://api.example.com/v4/', '/zones/z', { page: 2, skip: undefined })).toBe('https://api.example.com/v4/zones/z?page=2');
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), () => 0)).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
  it('scrubs secrets and trims', () => {
    expect(scrub('a secret-value b', ['secret-value'])).toBe('a [redacted] b');
    expect(scrub('x'.repeat(400)).length).toBe(301);
  });
  it('4xx other than 408/429 gives up', () => {
    expect(errorForStatus(404, 'm').kind).toBe('give-up');
    expect(errorForStatus(408, 'm').kind).toBe('retry');
  });
});
