// Tests: the lean fetch answers as the global fetch does for what Slack's WebClient sends (a string
// body, redirect 'error'), over http and https, decompressing, with no body for 204, rejecting on a
// timeout and a redirect; anything else goes to the fallback untouched.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeanFetch } from '../../../src/integrations/lean-fetch.js';
import { selfSignedCert } from '../../support/self-signed.js';

const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (req.url === '/gzip') return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"ok":true,"zipped":1}'));
    if (req.url === '/empty') return void res.writeHead(204).end();
    if (req.url === '/moved') return void res.writeHead(302, { location: 'http://example.invalid/' }).end();
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 2_000);
    res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write' }).end('{"ok":true,"channel":"C1","ts":"1.2"}');
  });
}

let http: Server;
let https: Server;
let ca: Buffer;
const base = (s: Server, scheme: string) => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  const tls = selfSignedCert();
  ca = tls.cert;
  http = createServer(handler);
  https = createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
  await Promise.all([http, https].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
});
afterAll(async () => {
  await Promise.all([http, https].map((s) => new Promise((r) => s.close(r))));
});

const lean = (fallback: typeof fetch = () => Promise.reject(new Error('fallback used'))) =>
  createLeanFetch({ httpsAgent: new HttpsAgent({ keepAlive: true, ca }), fallback });

describe('lean fetch', () => {
  it('carries a WebClient call over http: the body, the headers and the answer as WebClient reads it', async () => {
    const web = new WebClient('xoxb-lean', { slackApiUrl: `${base(http, 'http')}/api/`, retryConfig: { retries: 0 }, fetch: lean() });
    const r = await web.chat.postMessage({ channel: 'C1', text: 'hello <b>' });
    expect(r).toMatchObject({ ok: true, channel: 'C1', ts: '1.2', response_metadata: { scopes: ['chat:write'] } });
    const req = seen.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', url: '/api/chat.postMessage' });
    expect(req.headers.authorization).toBe('Bearer xoxb-lean');
    expect(Number(req.headers['content-length'])).toBe(Buffer.byteLength(req.body));
    expect(req.body).toContain('hello');
  });

  it('does the same over https', async () => {
    const web = new WebClient('xoxb-lean', { slackApiUrl: `${base(https, 'https')}/api/`, retryConfig: { retries: 0 }, fetch: lean() });
    expect(await web.conversations.setTopic({ channel: 'C1', topic: 'x' })).toMatchObject({ ok: true });
    expect(seen.at(-1)).toMatchObject({ url: '/api/conversations.setTopic' });
  });

  it('hands over a compressed answer decompressed, and a 204 with no body', async () => {
    const f = lean();
    const zipped = await f(`${base(http, 'http')}/gzip`, { method: 'POST', body: '{}', redirect: 'error' });
    expect(zipped.headers.get('content-encoding')).toBeNull();
    expect(await zipped.json()).toEqual({ ok: true, zipped: 1 });
    const empty = await f(`${base(http, 'http')}/empty`, { method: 'POST', body: '', redirect: 'error' });
    expect([empty.status, await empty.text()]).toEqual([204, '']);
  });

  it('rejects a redirect when asked to (as WebClient does), and a request past its signal', async () => {
    const f = lean();
    await expect(f(`${base(http, 'http')}/moved`, { method: 'POST', body: '', redirect: 'error' })).rejects.toThrow('unexpected redirect');
    await expect(f(`${base(http, 'http')}/slow`, { method: 'POST', body: '', redirect: 'error', signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves to the fallback what it does not handle: a form body, redirects followed, a Request object', async () => {
    const calls: unknown[] = [];
    const fallback = (async (input: unknown) => {
      calls.push(input);
      return new Response('{}');
    }) as typeof fetch;
    const f = lean(fallback);
    const url = `${base(http, 'http')}/api/files.upload`;
    await f(url, { method: 'POST', body: new FormData(), redirect: 'error' });
    await f(url, { method: 'POST', body: '{}' });
    await f(new Request(url), { redirect: 'error' });
    expect(calls).toHaveLength(3);
  });
});
