import { GitHubApiError, type GitHubPort, type IssueComment, type RepoRef } from './port.ts';

/** GitHub refuses comment bodies above this many characters. */
export const COMMENT_LIMIT = 65536;
/** Installation tokens cannot ask `GET /user` who they are; this is who they comment as. */
const ACTIONS_BOT = 'github-actions[bot]';

export interface UpsertPlanCommentArgs {
  repo: RepoRef;
  issueNumber: number;
  body: string;
  /** A hidden HTML comment that identifies our comment among the others, e.g. `<!-- label-studio-roster-sync:plan -->`. */
  marker: string;
}

/** A body GitHub would refuse: the report cuts itself to its budget, so this is a bug, not a cut to make here. */
export class CommentTooLongError extends Error {
  constructor(length: number) {
    super(`the comment body is ${length} characters, above GitHub's limit of ${COMMENT_LIMIT}`);
    this.name = 'CommentTooLongError';
  }
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
  // The report is cut once, to its own budget (report/doc.ts); a body still too long is refused, not cut again.
  const body = withMarker(args.body, args.marker);
  if (body.length > COMMENT_LIMIT) throw new CommentTooLongError(body.length);
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
  return body.includes(marker) ? body : `${body}\n${marker}`;
}
