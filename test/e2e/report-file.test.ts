// The `report-file` output, end to end: the path of the run's report as Markdown, the job
// summary's text, for a later step to post (the nightly example opens an issue with it).
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { FakeLabelStudio, makeLegacyToken } from '../fakes/label-studio.ts';
import { makeWorkspace, runAction } from '../kit/run-action.ts';
import { ORG, ROSTER, rosterText } from '../kit/e2e.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function fake() {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({
    organizationId: ORG,
    selfUserId: 2,
    legacyTokens: [token],
    members: [
      { userId: 1, email: 'owner@example.com', role: 'OW' },
      { userId: 2, email: 'admin@example.com', role: 'AD' },
      { userId: 10, email: 'ann@example.com', role: 'AN' },
      { userId: 11, email: 'eve@example.com', role: 'RE' },
    ],
  });
  closers.push(() => ls.close());
  return { 'label-studio-url': ls.url, 'label-studio-token': token, 'delay-ms': '0' };
}

describe('report-file output', () => {
  it('names a Markdown file with the job summary of a plan that found drift', async () => {
    const inputs = await fake();
    // ann should be a manager; eve is in no roster line: drift of both kinds.
    const workspace = makeWorkspace({ [ROSTER]: rosterText([{ email: 'ann@example.com', role: 'manager' }], ['owner@example.com', 'admin@example.com']) });
    const run = await runAction({ inputs: { ...inputs, mode: 'plan' }, workspace, eventName: 'schedule' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const file = run.outputs['report-file'];
    expect(file).toMatch(/report\.md$/);
    expect(file!.startsWith(run.runnerTemp)).toBe(true);
    const text = readFileSync(file!, 'utf8');
    expect(text.trimEnd()).toBe(run.summary.trimEnd());
    expect(text).toContain('ann@example.com');
    expect(text).toContain('eve@example.com');
    expect(run.outputs.drift).toBe('true');
  });

  it('is written for a run that stops on a bad roster too, with the error in it', async () => {
    const workspace = makeWorkspace({ [ROSTER]: 'version: 1\nmembers:\n  - email: ann@example.com\n    role: wizard\n' });
    const run = await runAction({ inputs: { mode: 'validate' }, workspace, eventName: 'schedule' });
    expect(run.exitCode).not.toBe(0);
    const file = run.outputs['report-file'];
    expect(file && existsSync(file)).toBe(true);
    const text = readFileSync(file!, 'utf8');
    expect(text.trimEnd()).toBe(run.summary.trimEnd());
    expect(text).toContain('wizard');
  });
});
