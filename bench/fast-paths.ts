// Does each second implementation earn its place? `node bench/fast-paths.ts [members] [rounds]`
// (default 100000 and 7). Builds three bundles from the same compiled source: as shipped, without
// the roster's plain reader (every roster through the YAML library), and without the ledger's
// written-line reader (every line through JSON.parse and the zod schema). Each switch is an edit
// of the compiled copy made here, so the shipped code carries no switch. Then runs the plan row
// of bench.ts (the whole action under /usr/bin/time) with each bundle in turn, interleaved, and
// prints the median CPU (user + sys) of each and what removing each fast path costs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureProcess } from './process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each variant: the compiled file it edits, and the exact text replaced (it must occur once). */
const VARIANTS: Record<string, { file: string; from: string; to: string } | null> = {
  shipped: null,
  'no-plain-roster': { file: 'files/roster.js', from: 'return readPlainRoster(text, file) ?? parseRosterYaml(text, file);', to: 'return parseRosterYaml(text, file);' },
  'no-ledger-fast-path': { file: 'files/ledger.js', from: 'options.fast !== false && text === null', to: 'false' },
};

/**
 * Fails when an edit no longer applies, without building anything: the compiled files keep these
 * lines as the sources write them (types are only erased), so the sources are checked.
 * `npm run bench -- --quick` runs it, so a renamed function breaks CI rather than this script.
 */
export function checkEdits(): void {
  for (const edit of Object.values(VARIANTS)) {
    if (!edit) continue;
    const source = path.join(ROOT, 'src', edit.file.replace(/\.js$/, '.ts'));
    if (readFileSync(source, 'utf8').split(edit.from).length !== 2) throw new Error(`${source}: '${edit.from}' must occur exactly once; update bench/fast-paths.ts`);
  }
}

export function buildVariants(dir: string): Record<string, string> {
  // ncc resolves packages upwards from the entry: the copies find the repository's node_modules.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync('npx', ['tsc', '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(dir, 'lib')], { cwd: ROOT, stdio: 'inherit' });
  const entries: Record<string, string> = {};
  for (const [name, edit] of Object.entries(VARIANTS)) {
    const lib = path.join(dir, `lib-${name}`);
    cpSync(path.join(dir, 'lib'), lib, { recursive: true });
    if (edit) {
      const file = path.join(lib, edit.file);
      const text = readFileSync(file, 'utf8');
      if (text.split(edit.from).length !== 2) throw new Error(`${edit.file}: '${edit.from}' must occur exactly once; update bench/fast-paths.ts`);
      writeFileSync(file, text.replace(edit.from, edit.to));
    }
    execFileSync('npx', ['ncc', 'build', path.join(lib, 'action', 'index.js'), '-o', path.join(dir, `dist-${name}`), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    entries[name] = path.join(dir, `dist-${name}`, 'index.js');
  }
  return entries;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [membersText = '100000', roundsText = '7'] = process.argv.slice(2);
  const members = Number(membersText);
  const rounds = Number(roundsText);
  const dir = mkdtempSync(path.join(ROOT, '.tmp', 'fast-paths-'));
  try {
    const entries = buildVariants(dir);
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(entries).map((k) => [k, []]));
    const names = Object.keys(entries);
    for (let round = 0; round < rounds; round++) {
      // Rotated each round, so no variant always runs first (or right after the same one).
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]!;
        const f = await measureProcess({ members, changes: Math.round(members * 0.03), mode: 'plan', latencyMs: 0, concurrency: 4, delayMs: 0, entry: entries[name] });
        cpu[name]!.push(f.cpuMs);
        process.stderr.write(`round ${round + 1}/${rounds} ${name}: CPU ${Math.round(f.cpuMs)} ms (load ${loadavg()[0]!.toFixed(2)})\n`);
      }
    }
    const base = median(cpu.shipped!);
    for (const name of names) {
      const m = median(cpu[name]!);
      const runs = cpu[name]!.map(Math.round).join(', ');
      console.log(`${name}: median CPU ${Math.round(m)} ms${name === 'shipped' ? '' : ` (${m >= base ? '+' : ''}${(((m - base) / base) * 100).toFixed(1)}% against shipped)`}; runs ${runs}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
