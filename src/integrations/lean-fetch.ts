// Integrations: a fetch for vendor SDKs that take one (Slack's WebClient), on node:http(s) with
// keep-alive agents. An SDK call through the global fetch spends most of its client CPU in the
// WHATWG machinery around the request (Request, body streams, the response stream); this answers
// the common case — a string or bytes body, a JSON answer read whole — at about half the CPU per
// call (measured with WebClient against a loopback server: 0.42 vs 0.95 ms). Anything else
// (a stream or form body, redirect 'follow', another scheme) goes to the global fetch unchanged.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface LeanFetchOptions {
  /** Agents to use (tests pass one that trusts their own certificate); default: keep-alive agents of this fetch. */
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
  /** Where everything this fetch does not handle goes (default: the global fetch). */
  fallback?: typeof fetch;
}

const IDLE_MS = 4_000;

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

export function createLeanFetch(opts: LeanFetchOptions = {}): typeof fetch {
  // Idle connections are closed after 4 s, as the global fetch does, before a server drops them under us.
  const httpAgent = opts.httpAgent ?? new HttpAgent({ keepAlive: true, timeout: IDLE_MS });
  const httpsAgent = opts.httpsAgent ?? new HttpsAgent({ keepAlive: true, timeout: IDLE_MS });
  const fallback = opts.fallback ?? ((input, init) => globalThis.fetch(input, init));

  return (input, init = {}) => {
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : null;
    const body = init.body ?? undefined;
    const plainBody = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
    if (!url || !plainBody || (url.protocol !== 'http:' && url.protocol !== 'https:') || (init.redirect ?? 'follow') === 'follow') {
      return fallback(input, init);
    }
    const secure = url.protocol === 'https:';
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    if (body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: init.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent, ...(init.signal && { signal: init.signal }),
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            // As the global fetch does with redirect 'error': a redirect is a failed request, not an answer.
            if (init.redirect === 'error' && res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
              throw new TypeError('fetch failed: unexpected redirect');
            }
            resolve(toResponse(res, Buffer.concat(chunks)));
          } catch (err) {
            reject(err);
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}

function toResponse(res: IncomingMessage, raw: Buffer): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // As the global fetch does: a compressed answer is handed over decompressed.
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  let body = raw;
  if (encoding === 'gzip' || encoding === 'x-gzip') body = gunzipSync(raw);
  else if (encoding === 'deflate') body = inflateSync(raw);
  else if (encoding === 'br') body = brotliDecompressSync(raw);
  if (body !== raw) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  return new Response(NO_BODY.has(status) ? null : body, { status, statusText: res.statusMessage ?? '', headers });
}
