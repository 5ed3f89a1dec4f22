// Edge (console): answers — HTML under a strict Content Security Policy (no script at all, styles
// from this origin only), never cached, never framed.
import type { ServerResponse } from 'node:http';
import { html } from './html.js';
import { page } from './layout.js';
import type { Viewer } from './viewer.js';

export const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

export function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
    ...headers,
  });
  res.end(body);
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...headers });
  res.end();
}

/** A short page saying what went wrong, in words for people (never internal error text). */
export function sendProblem(res: ServerResponse, status: number, title: string, text: string, viewer: Viewer | null = null): void {
  sendHtml(res, status, page({ title, viewer, section: null, body: html`<h1>${title}</h1><p class="notice">${text}</p>` }));
}
