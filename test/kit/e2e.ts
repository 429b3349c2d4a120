// What every end-to-end test of the bundle shares: the organization and repository the fakes
// stand for, and the files of the workspace.
export const DAY = 86_400_000;
/** The Label Studio organization of the fakes. */
export const ORG = 7;
/** The repository of the fake GitHub, and what the harness names the run after. */
export const REPO = 'acme/labeling';
export const LEDGER = 'seat-ledger.jsonl';
export const ROSTER = 'members.yaml';
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A roster in the plain layout people write: `members` by email (role when given), `ignore` by email. */
export function rosterText(members: ReadonlyArray<{ email: string; role?: string; offboard?: boolean }>, ignore: readonly string[] = []): string {
  return [
    'version: 1',
    'members:',
    ...members.flatMap((m) => [`  - email: ${m.email}`, ...(m.role ? [`    role: ${m.role}`] : []), ...(m.offboard ? ['    offboard: true'] : [])]),
    ...(ignore.length > 0 ? ['ignore:', ...ignore.map((e) => `  - email: ${e}`)] : []),
    '',
  ].join('\n');
}

/** Runs `work` over every item with two workers (the machine has two cores), in order of the queue. */
export async function twoAtATime<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all([worker(), worker()]);
}
