// The practical floor of the apply row: the same requests the action must send, sent as fast as
// the fake lets anyone send them. whoami, page 1, the other pages at once, then the PATCHes with
// `concurrency` in flight, each started the moment a slot frees. No pacing, no checks, no files,
// no ledger, no retries: what is left is the fake's own time (its timers, serializing pages on its
// one thread) and the loopback. The action's ratio to this floor is what it could still win.
//
//   node bench/parallel-floor.ts <label-studio-url> <token> <roster.yaml> <concurrency>
//
// Node builtins only (fetch, whose keep-alive pool is the default); the roster is the benchmark's
// plain layout, read by bench/plain-roster.ts.
import { readPlainRoster } from './plain-roster.ts';

const [base, token, rosterPath, concurrencyArg] = process.argv.slice(2) as [string, string, string, string];
const concurrency = Number(concurrencyArg);
const headers = { authorization: `Token ${token}`, 'content-type': 'application/json' };
const wanted = readPlainRoster(rosterPath);

type Member = { role: string; user: { id: number; email: string } };
const get = async (url: string) => {
  const r = await fetch(url, { headers });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json() as Promise<{ active_organization?: number; count?: number; results?: Member[] }>;
};
const org = (await get(`${base}/api/current-user/whoami`)).active_organization!;
const pageUrl = (n: number) => `${base}/api/organizations/${org}/memberships?page=${n}&page_size=1000`;
const first = await get(pageUrl(1));
const pages = Math.ceil(first.count! / 1000);
const rest = await Promise.all(Array.from({ length: pages - 1 }, (_, i) => get(pageUrl(i + 2))));
const members = [first, ...rest].flatMap((p) => p.results!);
const writes = members.filter((m) => {
  const want = wanted.get(m.user.email?.toLowerCase());
  return want !== undefined && want !== m.role;
});
let next = 0;
const worker = async () => {
  while (next < writes.length) {
    const m = writes[next++]!;
    const r = await fetch(`${base}/api/organizations/${org}/memberships`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ user_id: m.user.id, role: wanted.get(m.user.email.toLowerCase()) }),
    });
    if (!r.ok) throw new Error(`PATCH ${m.user.id}: ${r.status}`);
    await r.arrayBuffer();
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${writes.length}\n`);
