import type { RosterExportInput } from '../../src/files/roster-writer.ts';

/** An organization as export sees it: emails in mixed case, members with no email, an owner to ignore. */
export const EXPORT_SAMPLE: RosterExportInput = {
  organization: 7,
  members: [
    { email: 'Zed@Example.com', id: 3, role: 'AN' },
    { email: null, id: 12, role: 'NO' },
    { email: 'alice@example.com', id: 9, role: 'MA' },
    { email: null, id: 4, role: 'DI' },
  ],
  ignore: [{ email: 'owner@example.com', id: 1 }],
};
