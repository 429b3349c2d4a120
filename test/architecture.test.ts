// The layout's rules (docs/ARCHITECTURE.md), checked on the source: no import cycle, a core that
// imports nothing outside itself, entry points that nothing else imports, and unit tests beside
// the code that start no server (those belong in test/integration/).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './kit/run-action.ts';

const SRC = path.join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('.test-helpers.') ? [full] : [];
  });
}

/** Every module a file imports: relative ones resolved to src-relative paths, packages by name. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s*'([^']+)'|^\s*import\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
  const local = specs.filter((s) => s.startsWith('.')).map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)));
  const packages = specs.filter((s) => !s.startsWith('.'));
  return { local, packages };
}

/** The test files (and their helpers) under `dir`. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(full);
    return e.name.endsWith('.test.ts') || e.name.includes('.test-helpers.') ? [full] : [];
  });
}

// What starts a server or a process that does: node's servers, the fakes, and the kits around them.
const SERVER_MODULES = ['node:http', 'node:https', 'node:http2', 'node:net'];
const SERVER_KITS = ['test/fakes/', 'test/kit/github-port.ts', 'test/kit/clients.ts', 'test/kit/run-action.ts', 'test/kit/e2e.ts'];

/** Why a test file is not a unit test (empty when it is one): each import or call that starts a server. */
function startsServer(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s*'([^']+)'|^\s*import\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
  const local = specs.filter((s) => s.startsWith('.')).map((s) => path.relative(REPO_ROOT, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
  return [
    ...specs.filter((s) => SERVER_MODULES.includes(s)).map((s) => `imports ${s}`),
    ...local.filter((l) => SERVER_KITS.some((k) => l === k || (k.endsWith('/') && l.startsWith(k)))).map((l) => `imports ${l}`),
    ...[...text.matchAll(/\b(createServer|FakeLabelStudio|FakeGitHub)\b/g)].map((m) => `uses ${m[1]}`),
  ];
}

const files = sourceFiles(SRC).map((f) => path.relative(SRC, f));
const graph = new Map(files.map((f) => [f, importsOf(path.join(SRC, f))]));
const folder = (f: string) => (f.includes(path.sep) ? f.split(path.sep)[0]! : '.');

describe('architecture', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(graph.get(path.join('core', 'plan.ts'))!.local).toContain(path.join('core', 'seats.ts'));
  });

  it('has no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const next of graph.get(f)?.local ?? []) visit(next, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the core pure: it imports only the core and zod (no adapter, no settings, no @actions/*, no node:)', () => {
    const outside = files
      .filter((f) => folder(f) === 'core')
      .flatMap((f) => {
        const { local, packages } = graph.get(f)!;
        return [...local.filter((l) => folder(l) !== 'core'), ...packages.filter((p) => p !== 'zod')].map((i) => `${f} imports ${i}`);
      });
    expect(outside).toEqual([]);
  });

  it('lets only the entry points touch @actions/*, and nothing import an entry point', () => {
    const wrong = files.flatMap((f) => {
      const { local, packages } = graph.get(f)!;
      const entry = folder(f) === 'action' || folder(f) === 'cli';
      return [
        ...(entry ? [] : packages.filter((p) => p.startsWith('@actions/')).map((p) => `${f} imports ${p}`)),
        ...local.filter((l) => !entry && (folder(l) === 'action' || folder(l) === 'cli')).map((l) => `${f} imports ${l}`),
      ];
    });
    // The GitHub adapter wraps @actions/github: it is the one adapter allowed to.
    expect(wrong.filter((w) => !w.startsWith(`github${path.sep}octokit.ts imports @actions/github`))).toEqual([]);
  });

  it('keeps the unit tests beside the code free of servers: no fake, no HTTP server, no bundle', () => {
    const tests = testFiles(SRC);
    expect(tests.length).toBeGreaterThan(30);
    const wrong = tests.flatMap((f) => startsServer(f).map((why) => `${path.relative(REPO_ROOT, f)} ${why} (move it to test/integration/)`));
    expect(wrong).toEqual([]);
    // The check sees what it looks for: the integration tests are each caught.
    for (const f of ['test/integration/github/octokit.test.ts', 'test/integration/labelstudio-client/scripted-server.test.ts', 'test/fakes/label-studio.test.ts']) {
      expect(startsServer(path.join(REPO_ROOT, f)), f).not.toEqual([]);
    }
  });
});
