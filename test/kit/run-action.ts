// Runs the bundled action the way the GitHub runner does: `node dist/index.js` on Node 24 with
// INPUT_* variables (hyphens kept, upper-cased), and GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
// GITHUB_EVENT_PATH files. Used by the end-to-end tests, the demo and the benchmark.
// Node builtins only and erasable TypeScript: the demo runs it with Node 24's type stripping.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ACTION_ENTRY = path.join(REPO_ROOT, 'dist', 'index.js');

/** Node 24 from the `node` npm package (the runner's `node24`); this machine's own node may be older. */
export function node24(): string {
  const bin = path.join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');
  if (existsSync(bin)) return bin;
  const shim = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
  if (existsSync(shim)) return shim;
  throw new Error('Node 24 not found: run `npm ci` (the `node` package provides it).');
}

export interface ActionRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands the action printed (`::error file=…,line=…::message`). */
  annotations: Annotation[];
  workspace: string;
  runnerTemp: string;
}

export interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

export interface RunOptions {
  /** Action inputs by their action.yml names, e.g. `{ 'label-studio-url': url }`. */
  inputs: Record<string, string>;
  workspace: string;
  eventName?: string;
  event?: unknown;
  /** Extra environment: GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_REF… */
  env?: Record<string, string>;
  /** Kill the action after this many ms (for crash tests). */
  killAfterMs?: number;
  /** Kill the action when its stdout matches (for crash tests). */
  killWhen?: RegExp;
  /**
   * Called once the action's process is spawned, e.g. to kill it when a fake has seen some
   * number of requests (the action logs little while it applies, so stdout makes a poor clock).
   */
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
  /**
   * A command to run the action under, e.g. `['/usr/bin/time', '-f', '%U %S %M', '-o', file]`
   * (the benchmark's CPU and peak memory from the OS). The action's argv follows it.
   */
  wrapper?: string[];
}

/** A fresh workspace folder with the given files. */
export function makeWorkspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lsrs-ws-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'lsrs-runner-'));
  const outputFile = path.join(runnerTemp, 'github_output');
  const summaryFile = path.join(runnerTemp, 'step_summary');
  const eventFile = path.join(runnerTemp, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/labeling',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF: 'refs/heads/main',
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }

  const [command, ...args] = [...(options.wrapper ?? []), node24(), ACTION_ENTRY];
  const child = spawn(command, args, { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (options.killWhen && options.killWhen.test(stdout)) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timers: NodeJS.Timeout[] = [];
  if (options.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  for (const t of timers) clearTimeout(t);

  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout),
    workspace: options.workspace,
    runnerTemp,
  };
}

/** The GITHUB_OUTPUT file format of @actions/core: `name<<DELIMITER\nvalue\nDELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      outputs[name!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return outputs;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

export function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const part of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = part.indexOf('=');
      properties[part.slice(0, eq)] = unescapeProperty(part.slice(eq + 1));
    }
    out.push({ level: m[1]!, properties, message: unescapeData(m[3]!) });
  }
  return out;
}
