import { describe, expect, it } from 'vitest';
import { runEventOf } from './event.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('runEventOf', () => {
  it('reads a pull request: head, base and the base branch', () => {
    expect(
      runEventOf('pull_request', { repository: { default_branch: 'main' }, pull_request: { head: { sha: A }, base: { sha: B, ref: 'main' } } }),
    ).toEqual({ defaultBranch: 'main', proposal: { kind: 'pull request', headSha: A, baseSha: B, baseBranch: 'main' } });
  });

  it('reads a merge group: head_sha, base_sha and base_ref without refs/heads/', () => {
    expect(runEventOf('merge_group', { merge_group: { head_sha: A, base_sha: B, base_ref: 'refs/heads/main' } }).proposal).toEqual({
      kind: 'merge group',
      headSha: A,
      baseSha: B,
      baseBranch: 'main',
    });
  });

  it('has no proposal on other events, and null for anything missing or not a commit id', () => {
    expect(runEventOf('push', { repository: { default_branch: 'trunk' } })).toEqual({ defaultBranch: 'trunk', proposal: null });
    expect(runEventOf('schedule', null)).toEqual({ defaultBranch: null, proposal: null });
    expect(runEventOf('pull_request', { pull_request: { head: { sha: 'not-a-sha' }, base: [] } }).proposal).toEqual({
      kind: 'pull request',
      headSha: null,
      baseSha: null,
      baseBranch: null,
    });
  });
});
