import { GitHubApiError, type GitHubPort, type IssueComment, type RepoRef } from './port.ts';

/** GitHub refuses comment bodies above this many characters. */
export const COMMENT_LIMIT = 65536;
/**
 * Room left below the limit: GitHub's count is not documented to match JS string length
 * exactly, and the closing tags and the link to the run still have to fit.
 */
const COMMENT_MARGIN = 2048;
/** Installation tokens cannot ask `GET /user` who they are; this is who they comment as. */
const ACTIONS_BOT = 'github-actions[bot]';

export interface UpsertPlanCommentArgs {
  repo: RepoRef;
  issueNumber: number;
  body: string;
  /** A hidden HTML comment that identifies our comment among the others, e.g. `<!-- label-studio-roster-sync:plan -->`. */
  marker: string;
  /** Linked from the cut when the body is too long for GitHub. */
  runUrl?: string | null;
}

/**
 * Creates the plan comment of a pull request, or updates ours in place so a pull request
 * carries one plan however many times it runs. Failures are thrown as GitHubApiError: whether
 * they matter is the caller's decision (the spec makes them warnings).
 */
export async function upsertPlanComment(
  port: GitHubPort,
  args: UpsertPlanCommentArgs,
): Promise<{ action: 'created' | 'updated'; id: number }> {
  const body = withMarker(truncateComment(withMarker(args.body, args.marker), args.runUrl ?? null), args.marker);
  const [login, comments] = await Promise.all([
    port.authenticatedLogin(),
    port.listIssueComments(args.repo, args.issueNumber),
  ]);
  const ours = comments.filter((c) => c.body.includes(args.marker));
  if (login !== null) {
    const mine = ours.find((c) => c.userLogin === login);
    if (mine !== undefined) {
      await port.updateIssueComment(args.repo, mine.id, body);
      return { action: 'updated', id: mine.id };
    }
  } else {
    // Who we are is a guess: a bot. Try the Actions bot's comment first, then other bots'
    // (a GitHub App token); one that refuses us was another app's, so move on.
    for (const candidate of botCandidates(ours)) {
      try {
        await port.updateIssueComment(args.repo, candidate.id, body);
        return { action: 'updated', id: candidate.id };
      } catch (err) {
        if (!(err instanceof GitHubApiError) || err.status !== 403) throw err;
      }
    }
  }
  const created = await port.createIssueComment(args.repo, args.issueNumber, body);
  return { action: 'created', id: created.id };
}

function botCandidates(comments: IssueComment[]): IssueComment[] {
  const actions = comments.filter((c) => c.userLogin === ACTIONS_BOT);
  const others = comments.filter((c) => c.userLogin !== ACTIONS_BOT && c.userType === 'Bot');
  return [...actions, ...others];
}

function withMarker(body: string, marker: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

/**
 * Cuts `body` on a line boundary well below `limit` so GitHub accepts it, closes a code
 * fence or `<details>` the cut left open, and ends with a line pointing to the full plan in
 * the run's summary. A body that fits is returned as is.
 */
export function truncateComment(body: string, runUrl: string | null, limit = COMMENT_LIMIT): string {
  const budget = limit - Math.min(COMMENT_MARGIN, Math.floor(limit / 4));
  if (body.length <= budget) return body;

  const where = runUrl === null ? 'the job summary of this run' : `[the job summary of this run](${runUrl})`;
  const footer = `\n\n---\n**This plan was cut to fit GitHub's comment size limit.** The full plan is in ${where}.\n`;
  const room = budget - footer.length;
  const kept: string[] = [];
  let length = 0;
  const markdown = new OpenBlocks();
  for (const line of body.split('\n')) {
    const after = markdown.with(line);
    const next = length + (kept.length === 0 ? 0 : 1) + line.length;
    if (next + after.closers().length > room) break;
    kept.push(line);
    length = next;
    markdown.set(after);
  }
  // A first line longer than the whole budget leaves no line boundary to cut on.
  if (kept.length === 0) return body.slice(0, room) + footer;
  return kept.join('\n') + markdown.closers() + footer;
}

/** Code fences and `<details>` blocks left open by the lines kept so far. */
class OpenBlocks {
  /** The fence that opened the code block we are in, if any: it must close with the same one. */
  fence: string | null = null;
  openDetails = 0;

  with(line: string): OpenBlocks {
    const next = new OpenBlocks();
    next.set(this);
    const fence = /^\s*(```|~~~)/.exec(line)?.[1] ?? null;
    if (fence !== null && (next.fence === null || next.fence === fence)) {
      next.fence = next.fence === null ? fence : null;
    } else if (next.fence === null) {
      next.openDetails += (line.match(/<details\b/gi) ?? []).length;
      next.openDetails = Math.max(0, next.openDetails - (line.match(/<\/details>/gi) ?? []).length);
    }
    return next;
  }

  set(other: OpenBlocks): void {
    this.fence = other.fence;
    this.openDetails = other.openDetails;
  }

  closers(): string {
    return (this.fence === null ? '' : `\n${this.fence}`) + '\n</details>'.repeat(this.openDetails);
  }
}
