/**
 * saf-mock as a library: start the emulator inside a test process, and reach the contract kit.
 *
 *   import { startSafMock } from 'saf-mock';
 *   const saf = await startSafMock({ seed: 42 });
 *   // new RPCClient({ endpoint: saf.endpoint, apiVersion: '2017-03-31', accessKeyId: saf.accessKeyId, accessKeySecret: saf.accessKeySecret })
 *   await saf.close();
 *
 * Nothing here loads the official SDKs: the contract kit imports them only when a case runs.
 */
export { startSafMock, type SafMock, type SafMockOptions } from './client/mock.js';
export { ConfigError } from './config.js';
export { FixtureError } from './scenarios/rules.js';
export { DEMO_ACCESS_KEY, type AccessKey } from './gateway/credentials.js';
export type { CodeMode } from './saf/catalog.js';
export type { DataShape } from './saf/types.js';
export type { FixtureRule } from './scenarios/rules.js';

// The contract kit: the same cases `saf-mock contract` runs, for a runner of your own.
export { CASES } from './client/cases.js';
export type { ContractCase, Expectation, Step, CallStep, ControlStep, StepInput } from './client/case.js';
export { createClient, CLIENT_KINDS, SDK_CLIENTS, type ClientKind, type SafClient, type ExecuteOptions, type ExecuteResult, type SdkError } from './client/adapter.js';
export { openTarget, type Target, type TargetKind, type TargetOptions } from './client/targets.js';
export { runSuite, runCase, type CaseRun, type SuiteReport, type SuiteOptions } from './client/runner.js';
export { ControlApi } from './client/control.js';
export type { Credentials } from './client/credentials.js';
