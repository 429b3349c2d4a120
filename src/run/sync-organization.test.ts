// whoami's active_organization is the server's word; the run stops on one that is no id.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../inputs/settings.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { PreconditionError, resolveOrganization } from './sync.ts';

const settings = (organizationId = '') =>
  readSettings(
    (name) => ({ 'label-studio-url': 'https://ls.example.com', 'label-studio-token': 't0k', 'organization-id': organizationId })[name] ?? '',
    { GITHUB_WORKSPACE: path.resolve('/ws'), GITHUB_EVENT_NAME: 'push' },
  );
const api = (active: unknown): LabelStudio => ({
  whoami: () => Promise.resolve({ id: 2, active_organization: active }),
  listMembers: () => Promise.reject(new Error('not reached')),
  setRole: () => Promise.reject(new Error('not reached')),
});

describe('resolveOrganization', () => {
  it.each([
    [0, '0'],
    [-7, '-7'],
    [1.5, '1.5'],
    ['7', '"7"'],
    [true, 'true'],
    [{ id: 7 }, '{"id":7}'],
  ])('refuses active_organization %j, saying what the server sent', async (active, shown) => {
    const error = await resolveOrganization(settings(), null, api(active)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as Error).message).toContain(`answered active_organization ${shown}, which is not an organization id`);
  });

  it('refuses it even when organization-id is set', async () => {
    await expect(resolveOrganization(settings('7'), null, api(0))).rejects.toThrow(/active_organization 0/);
  });

  it('uses a positive whole number, and explains a missing one', async () => {
    await expect(resolveOrganization(settings(), null, api(7))).resolves.toEqual({ organization: 7, selfUserId: 2 });
    await expect(resolveOrganization(settings(), null, api(null))).rejects.toThrow(/no active organization/);
  });
});
