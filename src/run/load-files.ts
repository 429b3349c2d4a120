import { emptyLedger, parseLedger } from '../files/ledger.ts';
import { parseRoster } from '../files/roster.ts';
import type { Workspace } from '../files/workspace.ts';
import { ValidationError } from '../core/problems.ts';
import { InputErrors, type Settings } from '../inputs/settings.ts';
import type { LoadedFiles } from './sync.ts';

/** Both files, read through the workspace boundary; the ledger's path is checked even when absent, as the apply writes it. */
export async function loadFiles(settings: Settings, workspace: Workspace, now: Date): Promise<LoadedFiles> {
  // Both paths are checked before either refusal is reported, so one run names every bad input.
  const inputErrors: InputErrors[] = [];
  const readOrNote = (file: string) =>
    workspace.read(file).catch((err: unknown) => {
      if (!(err instanceof InputErrors)) throw err;
      inputErrors.push(err);
      return undefined;
    });
  const rosterBytes = await readOrNote(settings.rosterPath);
  // With ledger-branch the workspace's copy is not the ledger of record: its path is still checked (a failed commit leaves the ledger there).
  const ledgerRead = await readOrNote(settings.ledgerPath);
  const ledgerBytes = settings.ledgerBranch !== null && ledgerRead !== undefined ? null : ledgerRead;
  if (inputErrors.length > 0) throw new InputErrors(inputErrors.flatMap((e) => e.errors));
  if (rosterBytes === undefined || ledgerBytes === undefined) throw new Error('unreachable: a read failed without an input error');
  if (rosterBytes === null) {
    throw new ValidationError([
      {
        file: settings.rosterFile,
        line: 1,
        column: 1,
        message: `the roster does not exist; create ${settings.rosterFile} (see the README), run once with mode: export to write it from the live organization, or set the roster input`,
      },
    ]);
  }
  // Both files are checked before either error is reported, so one run shows every problem.
  const problems = [];
  let roster = null;
  let ledger = emptyLedger(settings.ledgerFile);
  try {
    roster = parseRoster(rosterBytes, settings.rosterFile);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  if (ledgerBytes !== null) {
    try {
      ledger = parseLedger(ledgerBytes, settings.ledgerFile, { now });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0 || !roster) throw new ValidationError(problems);
  return { roster, ledger };
}

