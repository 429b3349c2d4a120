import { describe, expect, it } from 'vitest';
import type { GitHubPort } from '../github/port.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { clockProblem } from './clock-check.ts';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const MINUTE = 60_000;

const labelStudio = (date: Date | null): LabelStudio => ({
  whoami: () => Promise.reject(new Error('not used')),
  listMembers: () => Promise.reject(new Error('not used')),
  setRole: () => Promise.reject(new Error('not used')),
  serverDate: () => date,
});
const github = (date: Date | null): GitHubPort => ({ serverDate: () => date }) as unknown as GitHubPort;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

describe('clockProblem', () => {
  it('accepts a clock within 5 minutes of both servers, and servers that sent no Date', () => {
    expect(clockProblem(NOW, { labelStudio: labelStudio(at(5 * MINUTE)), github: github(at(-5 * MINUTE)) })).toBeNull();
    expect(clockProblem(NOW, { labelStudio: labelStudio(null), github: null })).toBeNull();
    expect(clockProblem(NOW, { labelStudio: { ...labelStudio(null), serverDate: undefined }, github: github(null) })).toBeNull();
  });

  it("names both times when GitHub's clock is more than 5 minutes from the runner's", () => {
    const problem = clockProblem(NOW, { labelStudio: labelStudio(NOW), github: github(at(8 * 86_400_000)) });
    expect(problem).toContain("The runner's clock says 2026-12-07T10:00:00.000Z but GitHub's Date header says 2026-12-15T10:00:00.000Z");
    expect(problem).toContain('8 days behind');
    expect(problem).toContain('nothing was written');
  });

  it("names Label Studio when its clock is off, ahead or behind", () => {
    expect(clockProblem(NOW, { labelStudio: labelStudio(at(-6 * MINUTE)), github: null })).toContain("Label Studio's Date header says 2026-12-07T09:54:00.000Z (6 minutes ahead");
  });
});
