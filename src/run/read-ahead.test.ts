import { describe, expect, it } from 'vitest';
import type { LiveMember } from '../core/live-member.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { readAhead } from './read-ahead.ts';

const member = (userId: number): LiveMember => ({ userId, email: `u${userId}@example.com`, role: 'AN', roleSource: null, userType: null });

/** A port that records its calls; whoami answers `active`, or fails with `whoamiError`. */
function port(options: { active: unknown; whoamiError?: Error; listError?: Error }) {
  const calls: string[] = [];
  const labelStudio: LabelStudio = {
    whoami: async () => {
      calls.push('whoami');
      if (options.whoamiError) throw options.whoamiError;
      return { id: 2, active_organization: options.active };
    },
    listMembers: async () => {
      throw new Error('not used');
    },
    listLiveMembers: async (organization) => {
      calls.push(`list ${organization}`);
      if (options.listError) throw options.listError;
      return [member(organization * 10)];
    },
    setRole: async (organization, userId, role) => {
      calls.push(`setRole ${organization} ${userId} ${role}`);
      return {};
    },
  };
  return { labelStudio, calls };
}

const turns = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('readAhead', () => {
  it('asks whoami and the active organization’s members before the run asks, and hands them over once', async () => {
    const p = port({ active: 7 });
    const ahead = readAhead(p.labelStudio);
    await turns();
    expect(p.calls).toEqual(['whoami', 'list 7']);

    expect((await ahead.whoami()).active_organization).toBe(7);
    expect(await ahead.listLiveMembers!(7)).toEqual([member(70)]);
    expect(p.calls).toEqual(['whoami', 'list 7']);
  });

  it('reads another organization afresh (the run stops on it anyway)', async () => {
    const p = port({ active: 7 });
    const ahead = readAhead(p.labelStudio);
    expect(await ahead.listLiveMembers!(8)).toEqual([member(80)]);
    expect(p.calls).toEqual(['whoami', 'list 7', 'list 8']);
  });

  it.each([null, 0, -1, 1.5, '7'])('reads no members when active_organization is %j', async (active) => {
    const p = port({ active });
    const ahead = readAhead(p.labelStudio);
    await ahead.whoami();
    await turns();
    expect(p.calls).toEqual(['whoami']);
  });

  it('keeps a failed read until the run asks, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const p = port({ active: 7, listError: new Error('page 3 is a lie') });
      const ahead = readAhead(p.labelStudio);
      const q = port({ active: 7, whoamiError: new Error('401') });
      const never = readAhead(q.labelStudio);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      await expect(ahead.listLiveMembers!(7)).rejects.toThrow('page 3 is a lie');
      await expect(never.whoami()).rejects.toThrow('401');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('sends writes straight through, never ahead', async () => {
    const p = port({ active: 7 });
    const ahead = readAhead(p.labelStudio);
    await turns();
    expect(p.calls.some((c) => c.startsWith('setRole'))).toBe(false);
    await ahead.setRole(7, 10, 'RE');
    expect(p.calls).toContain('setRole 7 10 RE');
  });
});
