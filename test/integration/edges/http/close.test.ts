// Edge: closing the listener at shutdown lets requests in flight finish (within the grace period),
// refuses new connections, and cuts what is still running once the grace period is over.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeServer, createHttpServer, listen, sendJson } from '../../../../src/edges/http/server.js';
import { silentLogger } from '../../../../src/observability/observer.js';

function slowServer(ms: number) {
  let started!: () => void;
  const inFlight = new Promise<void>((resolve) => (started = resolve));
  const server = createHttpServer(
    [{ method: 'GET', path: '/slow', handler: async (_req, res) => {
      started();
      await new Promise((r) => setTimeout(r, ms));
      sendJson(res, 200, { done: true });
    } }],
    silentLogger,
  );
  return { server, inFlight };
}

describe('closeServer', () => {
  it('lets a request in flight finish, refuses new connections, and closes once it is answered (not at the grace period)', async () => {
    const { server, inFlight } = slowServer(300);
    const port = await listen(server, 0, '127.0.0.1');
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    await inFlight;
    // A grace period past the test's timeout: closing must not wait for it.
    const closed = closeServer(server, 600_000);
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closed;
    expect(server.listening).toBe(false);
  });

  it('cuts a request still running when the grace period ends', async () => {
    const { server, inFlight } = slowServer(30_000);
    const port = await listen(server, 0, '127.0.0.1');
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    await inFlight;
    await closeServer(server, 50);
    await expect(answer).rejects.toThrow();
    expect((server.address() as AddressInfo | null)).toBeNull();
  });
});
