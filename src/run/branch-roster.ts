import { parseRoster, type Roster } from '../files/roster.ts';
import type { GitHubPort, RepoRef } from '../github/port.ts';

/**
 * What a roster asks for, formatting, comments and order aside: two rosters that ask for the
 * same thing give the same text here.
 */
export function rosterMeaning(roster: Roster): string {
  const who = (e: { email: string | null; id: number | null }) => (e.email !== null ? `email:${asciiLower(e.email)}` : `id:${e.id}`);
  return JSON.stringify({
    organization: roster.organization,
    defaultRole: roster.defaultRole,
    members: roster.members.map((m) => `${who(m)} ${m.role}${m.offboard ? ' offboard' : ''}`).sort(),
    ignore: roster.ignore.map(who).sort(),
  });
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Only the branch head's roster is applied: a re-run of an older run, or a run that waited
 * behind a newer push, read a roster the branch no longer asks for. Returns why it may not
 * apply (a sentence naming the head commit and what to run instead), or null when it may.
 */
export async function staleRoster(
  github: GitHubPort,
  repo: RepoRef,
  branch: string,
  roster: Roster,
): Promise<string | null> {
  const head = await github.branchHead(repo, branch);
  if (head === null) return `the branch ${branch} does not exist any more, so its roster cannot be confirmed`;
  const file = await github.getFile(repo, roster.file, head);
  const at = `commit ${head.slice(0, 7)}, the head of ${branch}`;
  const instead = `Run the workflow again on ${branch} (Actions → Run workflow, or the next push) instead of re-running an older run`;
  if (file === null) return `${roster.file} is not in ${at}, so the roster read here is not the branch's. ${instead}`;
  let current: Roster | null = null;
  try {
    current = parseRoster(file.content, roster.file);
  } catch {
    current = null;
  }
  if (current !== null && rosterMeaning(current) === rosterMeaning(roster)) return null;
  return `${roster.file} here asks for something other than ${roster.file} at ${at} (this run's checkout is older, or was changed). ${instead}.`;
}
