import { liveMembers, type LabelStudio } from '../labelstudio/port.ts';
import { isOrganizationId } from '../labelstudio/wire.ts';

/**
 * Starts the run's reads of Label Studio at once (whoami, then the members of the token user's
 * active organization) while the roster and ledger are still being checked, and hands their
 * answers to the run when it asks. The contract forbids a write before the files are checked, not a
 * read, and a run can only ever sync the active organization (`resolveOrganization` stops on any
 * other), so these are the very requests the run would send later, only sooner: on a large
 * organization the pages arrive while the files are parsed, and nobody waits for both.
 *
 * A failed read is kept, not thrown, until the run asks for it, so errors still come in the
 * order the run meets them: an invalid roster is reported as such even when the token is bad.
 * Writes go straight to the client.
 */
export function readAhead(labelStudio: LabelStudio): LabelStudio {
  const me = settled(labelStudio.whoami());
  const members = settled(
    me.then((answer) => {
      const active = answer.active_organization;
      // Not an organization id: resolveOrganization stops the run with the reason, nothing to read.
      if (!isOrganizationId(active)) return null;
      return { organization: active, members: settled(liveMembers(labelStudio, active)) };
    }),
  );
  return {
    whoami: () => me,
    listMembers: (organization) => labelStudio.listMembers(organization),
    listLiveMembers: async (organization) => {
      const early = await members.catch(() => null);
      return early?.organization === organization ? early.members : liveMembers(labelStudio, organization);
    },
    ...(labelStudio.seatReport ? { seatReport: (organization: number, options: { usage: boolean }) => labelStudio.seatReport!(organization, options) } : {}),
    setRole: (organization, userId, role) => labelStudio.setRole(organization, userId, role),
    serverDate: () => labelStudio.serverDate?.() ?? null,
  };
}

/** The same promise, marked as handled: a run that stops early (a bad file) never asks for it. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
