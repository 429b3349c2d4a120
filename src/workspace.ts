import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The files a run reads and writes in the workspace; tests may pass an in-memory one. */
export interface Workspace {
  /** The file's bytes, or null when it does not exist. */
  read(file: string): Promise<Uint8Array | null>;
  write(file: string, text: string): Promise<void>;
}

export const diskWorkspace: Workspace = {
  async read(file) {
    try {
      return await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  },
  async write(file, text) {
    // Write beside, then rename: a crash mid-write must never leave a torn ledger behind.
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text);
    await rename(temp, file);
  },
};
