/** What the event payload tells the ledger of record: the default branch and, on a proposal, the commits compared. */
export interface RunEvent {
  /** `repository.default_branch` of the payload; null when absent (a schedule event carries none). */
  defaultBranch: string | null;
  /** A pull request or a merge group: what may not change the ledger. */
  proposal: Proposal | null;
}

export interface Proposal {
  kind: 'pull request' | 'merge group';
  headSha: string | null;
  baseSha: string | null;
  /** The branch it merges into, without `refs/heads/`. */
  baseBranch: string | null;
}

const SHA = /^[0-9a-f]{40,64}$/i;

/** Reads the few fields it needs from an event payload of any shape; anything missing is null. */
export function runEventOf(eventName: string | null, payload: unknown): RunEvent {
  const p = asObject(payload);
  const defaultBranch = str(asObject(p.repository).default_branch);
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = asObject(p.pull_request);
    const head = asObject(pr.head);
    const base = asObject(pr.base);
    return { defaultBranch, proposal: { kind: 'pull request', headSha: sha(head.sha), baseSha: sha(base.sha), baseBranch: branch(base.ref) } };
  }
  if (eventName === 'merge_group') {
    const group = asObject(p.merge_group);
    return {
      defaultBranch,
      proposal: { kind: 'merge group', headSha: sha(group.head_sha), baseSha: sha(group.base_sha), baseBranch: branch(group.base_ref) },
    };
  }
  return { defaultBranch, proposal: null };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function sha(value: unknown): string | null {
  const s = str(value);
  return s !== null && SHA.test(s) ? s : null;
}

function branch(value: unknown): string | null {
  const s = str(value);
  return s === null ? null : s.replace(/^refs\/heads\//, '');
}
