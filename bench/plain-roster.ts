// The roster as the comparison scripts read it: email → role code, from the benchmark's plain
// layout (`- email:` items, an optional `role:` line, `annotator` by default) up to `ignore:`,
// which lists the owner and the token user. Node builtins only, as a hand-written script would be.
import { readFileSync } from 'node:fs';

const CODES: Record<string, string> = { annotator: 'AN', reviewer: 'RE', manager: 'MA', deactivated: 'DI' };

export function readPlainRoster(rosterPath: string): Map<string, string> {
  const wanted = new Map<string, string>();
  let email: string | null = null;
  for (const line of readFileSync(rosterPath, 'utf8').split('\n')) {
    if (line === 'ignore:') break;
    const item = line.indexOf('- email: ');
    if (item >= 0) {
      email = line.slice(item + 9).toLowerCase();
      wanted.set(email, 'AN');
    } else if (email && line.startsWith('    role: ')) {
      const role = line.slice(10);
      wanted.set(email, CODES[role] ?? role);
    }
  }
  return wanted;
}
