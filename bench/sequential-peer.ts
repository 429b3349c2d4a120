// The peer the action is compared with: the sequential, diffing script a team writes by hand.
// It reads whoami, then every page in turn, then sends one PATCH after another for each member
// whose role differs from the roster. No pacing, no retries, no ledger: only the work itself.
//
//   node bench/sequential-peer.ts <label-studio-url> <token> <roster.yaml>
//
// Node builtins only; the roster is the benchmark's plain layout, read by bench/plain-roster.ts.
import { readPlainRoster } from './plain-roster.ts';

const [base, token, rosterPath] = process.argv.slice(2) as [string, string, string];
const headers = { authorization: `Token ${token}`, 'content-type': 'application/json' };
const wanted = readPlainRoster(rosterPath);

const get = async (url: string) => {
  const r = await fetch(url, { headers });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json() as Promise<Record<string, unknown>>;
};
const me = await get(`${base}/api/current-user/whoami`);
const org = me.active_organization as number;
let next: string | null = `${base}/api/organizations/${org}/memberships?page=1&page_size=1000`;
const members: Array<{ role: string; user: { id: number; email: string } }> = [];
while (next) {
  const page = await get(next);
  members.push(...(page.results as typeof members));
  next = page.next as string | null;
}
let patched = 0;
for (const m of members) {
  const want = wanted.get(m.user.email?.toLowerCase());
  if (!want || want === m.role) continue;
  const r = await fetch(`${base}/api/organizations/${org}/memberships`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ user_id: m.user.id, role: want }),
  });
  if (!r.ok) throw new Error(`PATCH ${m.user.id}: ${r.status}`);
  await r.arrayBuffer();
  patched++;
}
process.stdout.write(`${patched}\n`);
