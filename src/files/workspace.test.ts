import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputErrors } from '../inputs/settings.ts';
import { createDiskWorkspace, locate, type WorkspaceFile } from './workspace.ts';

const SECRET = 'runner-secret-content-4711';
let root: string;
let outside: string;

beforeEach(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'lsrs-wsunit-'));
  root = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), SECRET);
});

const target = (file: string, input = 'roster'): WorkspaceFile => ({ input, file, path: path.join(root, file) });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(InputErrors);
    const message = (err as InputErrors).errors.map((e) => e.message).join('\n');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(outside);
    return message;
  }
  throw new Error('expected an input error');
}

describe('the workspace boundary', () => {
  it('reads a plain file and a link to a file inside the workspace', async () => {
    writeFileSync(path.join(root, 'real.yaml'), 'version: 1\n');
    symlinkSync('real.yaml', path.join(root, 'members.yaml'));
    const ws = createDiskWorkspace(root, [target('members.yaml')]);
    expect(Buffer.from((await ws.read(path.join(root, 'members.yaml')))!).toString()).toBe('version: 1\n');
    expect(await ws.read(path.join(root, 'absent.yaml'))).toBeNull();
  });

  it('refuses a link to a file outside, naming the input and showing none of the file', async () => {
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'members.yaml'));
    const ws = createDiskWorkspace(root, [target('members.yaml')]);
    expect(await refusal(ws.read(path.join(root, 'members.yaml')))).toMatch(
      /^Input 'roster': members\.yaml is a symbolic link that leads outside the workspace; .*commit the file itself/,
    );
  });

  it('refuses a file under a directory link to outside, for reading and for creating', async () => {
    symlinkSync(outside, path.join(root, 'logs'));
    const ledger = target('logs/seat-ledger.jsonl', 'ledger');
    const secret = target('logs/secret.txt');
    const ws = createDiskWorkspace(root, [ledger, secret]);
    expect(await refusal(ws.read(secret.path))).toMatch(/lies under a symbolic link that leads outside the workspace/);
    expect(await refusal(ws.read(ledger.path))).toMatch(/^Input 'ledger': logs\/seat-ledger\.jsonl lies under a symbolic link/);
    expect(await refusal(ws.write(ledger.path, 'x\n'))).toMatch(/leads outside/);
    expect(existsSync(path.join(outside, 'seat-ledger.jsonl'))).toBe(false);
  });

  it('refuses a dangling link, a loop and a directory', async () => {
    symlinkSync(path.join(root, 'nowhere.yaml'), path.join(root, 'dangling.yaml'));
    symlinkSync('loop-b.yaml', path.join(root, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(root, 'loop-b.yaml'));
    mkdirSync(path.join(root, 'members.yaml'));
    const ws = createDiskWorkspace(root, [target('dangling.yaml'), target('loop-a.yaml'), target('members.yaml')]);
    expect(await refusal(ws.read(path.join(root, 'dangling.yaml')))).toMatch(/is a symbolic link that leads nowhere/);
    expect(await refusal(ws.write(path.join(root, 'dangling.yaml'), 'x'))).toMatch(/leads nowhere/);
    expect(existsSync(path.join(root, 'nowhere.yaml'))).toBe(false);
    expect(await refusal(ws.read(path.join(root, 'loop-a.yaml')))).toMatch(/loops/);
    expect(await refusal(ws.read(path.join(root, 'members.yaml')))).toMatch(/^Input 'roster': members\.yaml is a directory; expected a file/);
  });

  it('refuses a named pipe instead of hanging on it', async () => {
    execFileSync('mkfifo', [path.join(root, 'members.yaml')]);
    const ws = createDiskWorkspace(root, [target('members.yaml')]);
    expect(await refusal(ws.read(path.join(root, 'members.yaml')))).toMatch(/not a regular file/);
  });

  it('writes into new directories inside, and through a link to a file inside without replacing the link', async () => {
    const deep = target('audit/2026/seat-ledger.jsonl', 'ledger');
    writeFileSync(path.join(root, 'real.jsonl'), 'old\n');
    symlinkSync('real.jsonl', path.join(root, 'seat-ledger.jsonl'));
    const ws = createDiskWorkspace(root, [deep, target('seat-ledger.jsonl', 'ledger')]);
    await ws.write(deep.path, 'new\n');
    expect(readFileSync(deep.path, 'utf8')).toBe('new\n');
    await ws.write(path.join(root, 'seat-ledger.jsonl'), 'linked\n');
    expect(readFileSync(path.join(root, 'real.jsonl'), 'utf8')).toBe('linked\n');
  });

  it('a workspace reached through a link is still the workspace', async () => {
    const alias = `${root}-alias`;
    symlinkSync(root, alias);
    writeFileSync(path.join(root, 'members.yaml'), 'x');
    await expect(locate(alias, { input: 'roster', file: 'members.yaml', path: path.join(alias, 'members.yaml') })).resolves.toMatchObject({ exists: true });
  });
});
