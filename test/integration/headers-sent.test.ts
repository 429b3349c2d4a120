import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { headersSent } from '../../src/labelstudio/headers-sent.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server that holds every request until `release` is called: an answer cannot be what resolves the wait. */
async function holdingServer(): Promise<{ origin: string; arrived: Promise<void>; release: () => void }> {
  let onArrival!: () => void;
  const arrived = new Promise<void>((resolve) => (onArrival = resolve));
  const held: Array<() => void> = [];
  const server = createServer((_req, res) => {
    onArrival();
    held.push(() => res.end('{}'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, arrived, release: () => held.splice(0).forEach((f) => f()) };
}

describe('headersSent', () => {
  it('resolves when a request to the origin is on the wire, before any answer', async () => {
    const s = await holdingServer();
    const watch = headersSent(s.origin);
    let sent = false;
    void watch.sent.then(() => (sent = true));
    const answer = request(`${s.origin}/api/current-user/whoami`);
    await watch.sent;
    expect(sent).toBe(true);
    await s.arrived;
    s.release();
    await (await answer).body.text();
  });

  it('resolves when the connection is refused: a server that cannot be reached holds nothing back', async () => {
    const closed = await holdingServer();
    const origin = closed.origin;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const watch = headersSent(origin);
    const answer = request(`${origin}/`).catch((error: unknown) => error);
    await watch.sent;
    expect(await answer).toBeInstanceOf(Error);
  });

  it('ignores requests to another origin, and stop ends the wait', async () => {
    const mine = await holdingServer();
    const other = await holdingServer();
    const watch = headersSent(mine.origin);
    let sent = false;
    void watch.sent.then(() => (sent = true));
    const answer = request(`${other.origin}/`);
    // undici announces the headers before it writes them, so the message has come and gone.
    await other.arrived;
    expect(sent).toBe(false);
    watch.stop();
    await watch.sent;
    expect(sent).toBe(true);
    other.release();
    await (await answer).body.text();
  });
});
