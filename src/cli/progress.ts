// Progress of an apply's writes: a bar with counts and time left on a terminal (cli-progress),
// plain lines when the output is piped or logged, so a log file holds no cursor movements.
import cliProgress from 'cli-progress';
import type { LabelStudio } from '../labelstudio/port.ts';

export interface Progress {
  start(total: number): void;
  done(ok: boolean): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream, say: (line: string) => void): Progress {
  let total = 0;
  let ok = 0;
  let failed = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'Writing roles |{bar}| {value}/{total} writes, {failed} failed, {eta_formatted} left',
        hideCursor: true,
        etaBuffer: 20,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    let running = false;
    return {
      start(n) {
        total = n;
        if (n === 0) return;
        running = true;
        bar.start(n, 0, { failed: 0 });
      },
      done(success) {
        if (success) ok++;
        else failed++;
        if (running) bar.update(ok + failed, { failed });
      },
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  // Piped: a line per write for small applies, about every 2% for large ones.
  const every = () => Math.max(1, Math.floor(total / 50));
  return {
    start(n) {
      total = n;
      if (n > 0) say(`Writing ${n} role change${n === 1 ? '' : 's'} to Label Studio…`);
    },
    done(success) {
      if (success) ok++;
      else failed++;
      const n = ok + failed;
      if (n === total || n % every() === 0) say(`  ${n}/${total} writes done, ${failed} failed`);
    },
    stop() {},
  };
}

/** The client with each role write counted on the progress (none when `progress` is null). */
export function countingWrites(ls: Required<LabelStudio>, progress: Progress | null): LabelStudio {
  return {
    whoami: () => ls.whoami(),
    listMembers: (org) => ls.listMembers(org),
    listLiveMembers: (org) => ls.listLiveMembers(org),
    setRole: async (org, user, role) => {
      try {
        const answer = await ls.setRole(org, user, role);
        progress?.done(true);
        return answer;
      } catch (e) {
        progress?.done(false);
        throw e;
      }
    },
  };
}
