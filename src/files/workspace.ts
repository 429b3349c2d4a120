import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/problems.ts';
import { InputErrors } from '../inputs/settings.ts';

/** The files a run reads and writes in the workspace; tests may pass an in-memory one. */
export interface Workspace {
  /** The file's bytes, or null when it does not exist. */
  read(file: string): Promise<Uint8Array | null>;
  write(file: string, text: string): Promise<void>;
}

/** A file named by an input: `path` is absolute (as settings resolved it), `file` how messages name it. */
export interface WorkspaceFile {
  input: string;
  file: string;
  path: string;
}

/** Where a workspace file really is, every symbolic link resolved; `exists` false for a file yet to be created. */
export interface Located {
  real: string;
  exists: boolean;
}

/**
 * The workspace boundary (docs/security.md). The roster and the ledger come from the repository, which a
 * pull request can change: a committed symbolic link could make the action read a runner file
 * (and quote it in a message a fork's author reads) or write the ledger outside the checkout.
 * So a path is resolved, links included, before any byte is read or written, and must end
 * inside the real workspace. Every refusal is an input error naming the input and the path,
 * never the target's content or where a link points.
 */
export async function locate(root: string, target: WorkspaceFile): Promise<Located> {
  const refuse = (why: string, fix: string): never => {
    throw new InputErrors([new InputError(target.input, `${target.file} ${why}; ${fix}`)]);
  };
  const commitTheFile = `commit the file itself at ${target.file} instead of a link`;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return refuse(`cannot be used: the workspace ${root} does not exist`, 'check GITHUB_WORKSPACE and the checkout step');
  }
  const inside = (p: string) => {
    const relative = path.relative(realRoot, p);
    return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  };

  let real: string | null = null;
  try {
    real = await realpath(target.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse('is a symbolic link that loops (it leads back to itself)', commitTheFile);
    if (code === 'ENOTDIR') return refuse('cannot exist: a part of its path is a file, not a directory', `expected a file path relative to the workspace`);
    if (code === 'EACCES') return refuse('cannot be read: permission denied', 'check the checkout step');
    if (code !== 'ENOENT') throw err;
  }

  if (real === null) {
    // Absent: fine for a ledger yet to be created, but only where creating it stays inside.
    let dir = target.path;
    const rest: string[] = [];
    for (;;) {
      const link = await lstat(dir).catch(() => null);
      if (link?.isSymbolicLink()) {
        return refuse(
          `is${dir === target.path ? '' : ' under'} a symbolic link that leads nowhere (its target does not exist)`,
          `${commitTheFile}, or remove the link`,
        );
      }
      rest.unshift(path.basename(dir));
      dir = path.dirname(dir);
      try {
        const realDir = await realpath(dir);
        const candidate = path.join(realDir, ...rest);
        if (!inside(candidate)) return refuse('lies under a symbolic link that leads outside the workspace', commitTheFile);
        return { real: candidate, exists: false };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') return refuse('lies under a symbolic link that loops', commitTheFile);
        if (code !== 'ENOENT') throw err;
      }
    }
  }

  if (!inside(real)) {
    const direct = (await lstat(target.path)).isSymbolicLink();
    return refuse(
      direct ? 'is a symbolic link that leads outside the workspace' : 'lies under a symbolic link that leads outside the workspace',
      `the action reads and writes only files inside the workspace: ${commitTheFile}`,
    );
  }
  const info = await stat(real);
  if (info.isDirectory()) {
    return refuse('is a directory', `expected a file, e.g. ${target.input === 'ledger' ? 'seat-ledger.jsonl' : 'members.yaml'}; set the ${target.input} input to the file's path`);
  }
  if (!info.isFile()) return refuse('is not a regular file (a device, pipe or socket)', `expected a file committed in the repository`);
  return { real, exists: true };
}

/** The workspace on disk for a run's two files: the roster and the ledger, each under its input's name. */
export function runWorkspace(s: { workspace: string; rosterFile: string; rosterPath: string; ledgerFile: string; ledgerPath: string }): {
  workspace: Workspace;
  roster: WorkspaceFile;
  ledger: WorkspaceFile;
} {
  const roster: WorkspaceFile = { input: 'roster', file: s.rosterFile, path: s.rosterPath };
  const ledger: WorkspaceFile = { input: 'ledger', file: s.ledgerFile, path: s.ledgerPath };
  return { workspace: createDiskWorkspace(s.workspace, [roster, ledger]), roster, ledger };
}

/**
 * The workspace on disk, for the files the inputs name. A path no input names (none today) is
 * refused the same way, under its own name.
 */
export function createDiskWorkspace(root: string, files: readonly WorkspaceFile[]): Workspace {
  const named = (file: string): WorkspaceFile =>
    files.find((f) => f.path === file) ?? { input: path.relative(root, file), file: path.relative(root, file), path: file };
  return {
    async read(file) {
      const where = await locate(root, named(file));
      if (!where.exists) return null;
      // O_NOFOLLOW: the resolved path has no link left, and must not gain one before the read.
      const handle = await open(where.real, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        if (!(await handle.stat()).isFile()) throw new InputErrors([new InputError(named(file).input, `${named(file).file} is not a regular file; expected a file committed in the repository`)]);
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    },
    async write(file, text) {
      const where = await locate(root, named(file));
      // Write beside, then rename: a crash mid-write must never leave a torn ledger behind. The
      // rename replaces a name, never follows one, and `wx` refuses a link planted at the temp name.
      await mkdir(path.dirname(where.real), { recursive: true });
      const temp = `${where.real}.${process.pid}.tmp`;
      await rm(temp, { force: true });
      await writeFile(temp, text, { flag: 'wx' });
      await rename(temp, where.real);
    },
  };
}
