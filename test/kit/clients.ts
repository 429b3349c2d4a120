// Label Studio clients for tests, closed after each test with the servers they talked to.
import type { Server } from 'node:http';
import { afterEach, expect } from 'vitest';
import { LabelStudioClient, type LabelStudioClientOptions } from '../../src/labelstudio/client.ts';
import { LabelStudioError } from '../../src/labelstudio/errors.ts';

/** Closes a test server now, dropping its keep-alive connections so close() does not wait. */
export function closeServer(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });
}

/**
 * Call at the top of a test file. `client()` makes a client with the file's defaults; every client
 * and every server passed to `track` is closed after each test.
 */
export function testClients(defaults: Omit<LabelStudioClientOptions, 'baseUrl' | 'token'>) {
  const clients: LabelStudioClient[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map(closeServer));
  });
  return {
    servers,
    track(server: Server): void {
      servers.push(server);
    },
    client(baseUrl: string, token: string, overrides: Partial<LabelStudioClientOptions> = {}): LabelStudioClient {
      const c = new LabelStudioClient({ baseUrl, token, ...defaults, ...overrides });
      clients.push(c);
      return c;
    },
  };
}

/** The LabelStudioError a call rejects with (and a failed expectation when it rejects with anything else). */
export async function failure(promise: Promise<unknown>): Promise<LabelStudioError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabelStudioError);
  return error as LabelStudioError;
}
