// `npm run demo:server`: the demo's fake Label Studio, left running so you can try the command
// line against it (README, "Run it locally"). It also prepares a workspace folder with the demo
// roster and ledger, and prints what to paste into another terminal. Ctrl-C stops it.
import { FakeLabelStudio, makeLegacyToken } from '../test/fakes/label-studio.ts';
import { makeWorkspace } from '../test/kit/run-action.ts';
import { demoData } from './demo-data.ts';

const { ORG, members, ledgerText, roster } = demoData(Date.now());
const token = makeLegacyToken();
const labelStudio = await FakeLabelStudio.start({ organizationId: ORG, members, selfUserId: 2, legacyTokens: [token], latencyMs: 20 });
const workspace = makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': ledgerText });

console.log(`Fake Label Studio (organization ${ORG}, ${members.length} members) on ${labelStudio.url}
Demo workspace (members.yaml and seat-ledger.jsonl): ${workspace}

In another terminal, from this folder:

  export LABEL_STUDIO_URL=${labelStudio.url}
  export LABEL_STUDIO_TOKEN=${token}   # the fake's throwaway token
  npm run cli -- plan --workspace ${workspace} --seat-limit 8
  npm run cli -- apply --workspace ${workspace} --seat-limit 8
  npm run cli -- verify-ledger --workspace ${workspace}

Ctrl-C stops the fake.`);

const stop = async () => {
  await labelStudio.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
