#!/usr/bin/env node
// Records contracts/snapshots from a saf-mock standing in for live SAF: the live target of `saf-mock contract`
// pointed at a second in-process mock with its own key. Snapshots recorded this way say
// "source": "stand-in" and "lastValidated": null; a run against real live replaces them (see the README).
// Extra arguments go to `saf-mock contract` (e.g. --case gateway).
import { startSafMock } from '../dist/index.js';
import { runContractCli } from '../dist/client/contract-cli.js';

const key = { id: 'LTAIstandInLive000001', secret: 'stand-in-live-secret-0000000000001' };
const live = await startSafMock({ accessKeys: [`${key.id}:${key.secret}`], seed: 1 });
let code = 1;
try {
  code = await runContractCli(['--target', 'live', '--endpoint', live.endpoint, ...process.argv.slice(2)], {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: { ...process.env, ALIBABA_CLOUD_ACCESS_KEY_ID: key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret, ALIBABA_CLOUD_SECURITY_TOKEN: '' },
  });
} finally {
  await live.close();
}
process.exit(code);
