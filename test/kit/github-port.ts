// The real GitHub port (octokit) pointed at a fresh fake GitHub, closed after each test: what the
// integration tests of the GitHub port and the ledger store share.
import { afterEach } from 'vitest';
import { createGitHubPort } from '../../src/github/octokit.ts';
import type { GitHubPort } from '../../src/github/port.ts';
import { FakeGitHub, type FakeGitHubOptions } from '../fakes/github.ts';

/** Call at the top of a test file; `setup()` starts a fake and a port on it. */
export function fakeGitHubPort(token: string, defaults: Omit<FakeGitHubOptions, 'token'> = {}) {
  let fake: FakeGitHub | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });
  return async function setup(opts: Omit<FakeGitHubOptions, 'token'> = {}): Promise<{ fake: FakeGitHub; port: GitHubPort }> {
    fake = await FakeGitHub.start({ token, ...defaults, ...opts });
    return { fake, port: createGitHubPort(token, fake.url) };
  };
}
