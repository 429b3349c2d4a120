// The practical floor of the 100k plan row: the work no plan can skip, done the plainest way in
// JavaScript, with none of the action's checks. It reads whoami and every member page (page 1,
// then the rest `concurrency` at a time, each JSON.parsed and reduced to id, email and role), walks
// the ledger's hash chain (one SHA-256 per line, as the ledger format requires) and folds each line's user and
// event, reads the roster's emails and roles, and counts the members whose role differs. No zod,
// no located errors, no seat rule, no report. The action's CPU and memory over this floor is what
// its checks and its plan cost, and the most it could still win.
//
//   node bench/plan-floor.ts <label-studio-url> <token> <roster.yaml> <seat-ledger.jsonl> <concurrency>
//
// Node builtins and undici; the roster is the benchmark's plain layout, read by bench/plain-roster.ts.
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readPlainRoster } from './plain-roster.ts';
import { request } from 'undici';

const [base, token, rosterPath, ledgerPath, concurrencyArg] = process.argv.slice(2) as [string, string, string, string, string];
const concurrency = Number(concurrencyArg);
const headers = { authorization: `Token ${token}` };

type Page = { count?: number; results: Array<{ role: string; user: { id: number; email: string | null } }> };
// undici's request, as the action uses: Node's fetch adds WHATWG streams the floor should not pay.
const get = async <T>(url: string): Promise<T> => {
  const r = await request(url, { headers });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
  return JSON.parse(await r.body.text()) as T;
};
const ids: number[] = [];
const emails: Array<string | null> = [];
const roles: string[] = [];
const keep = (page: Page) => {
  for (const m of page.results) {
    ids.push(m.user.id);
    emails.push(m.user.email);
    roles.push(m.role);
  }
};
const org = (await get<{ active_organization: number }>(`${base}/api/current-user/whoami`)).active_organization;
const pageUrl = (n: number) => `${base}/api/organizations/${org}/memberships?page=${n}&page_size=1000`;
const first = await get<Page>(pageUrl(1));
keep(first);
const pages = Math.ceil(first.count! / 1000);
let nextPage = 2;
const reader = async () => {
  while (nextPage <= pages) keep(await get<Page>(pageUrl(nextPage++)));
};
await Promise.all(Array.from({ length: concurrency }, reader));

// The ledger: every line's SHA-256 is the next line's `prev`, the last 66 bytes before `}`.
const ledger = readFileSync(ledgerPath);
const lastEvent = new Map<number, string>();
let prev = '0'.repeat(64);
for (let start = 0; start < ledger.length; ) {
  const end = ledger.indexOf(10, start);
  const line = ledger.subarray(start, end);
  if (line.toString('latin1', line.length - 66, line.length - 2) !== prev) throw new Error(`chain broken at byte ${start}`);
  prev = hash('sha256', line);
  // The fold needs each line's user and event; read at their fixed places, as the action's fast path does.
  const event = line.toString('latin1', line.indexOf('"event":"') + 9, line.indexOf('","by"'));
  const idAt = line.indexOf('"user":{"id":') + 13;
  lastEvent.set(Number(line.toString('latin1', idAt, line.indexOf(',', idAt))), event);
  start = end + 1;
}

const wanted = readPlainRoster(rosterPath);

let changes = 0;
for (let i = 0; i < ids.length; i++) {
  const want = emails[i] ? wanted.get(emails[i]!.toLowerCase()) : undefined;
  if (want !== undefined && want !== roles[i]) changes++;
}
process.stdout.write(`${changes} ${lastEvent.size}\n`);
