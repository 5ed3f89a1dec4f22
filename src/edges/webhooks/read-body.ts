// Edge: reads a request body as raw bytes (signatures are over the exact bytes), up to a limit.
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; error: 'too-large' | 'aborted' };

export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ ok: false, error: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        done = true;
        resolve({ ok: false, error: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve({ ok: true, body: Buffer.concat(chunks, size) });
      done = true;
    });
    req.on('error', () => {
      if (!done) resolve({ ok: false, error: 'aborted' });
      done = true;
    });
  });
}
