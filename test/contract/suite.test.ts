/**
 * The contract suite (src/client/cases.ts, the same cases `saf-mock contract` runs) against an in-process
 * mock and against a running one reached by URL, each case through each of its official SDK clients.
 * Then the live-safe answers are compared with the committed parity snapshots (contracts/snapshots).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../../src/client/cases.js';
import { runCase, type CaseRun, type SuiteReport } from '../../src/client/runner.js';
import { compareSnapshots, DEFAULT_SNAPSHOT_DIR, formatDiff, listSnapshots } from '../../src/client/snapshots.js';
import { openTarget, type Target } from '../../src/client/targets.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock } from '../helpers/mock.js';

function reportOf(runs: CaseRun[]): SuiteReport {
  return {
    runs,
    passed: runs.filter((r) => r.outcome === 'passed').length,
    failed: runs.filter((r) => r.outcome === 'failed').length,
    skipped: runs.filter((r) => r.outcome === 'skipped').length,
    durationMs: 0,
  };
}

for (const kind of ['mock', 'url'] as const) {
  describe(`contract suite against the ${kind} target`, () => {
    let target: Target;
    let running: RunningServer | undefined;
    const runs: CaseRun[] = [];

    beforeAll(async () => {
      if (kind === 'mock') {
        target = await openTarget({ kind: 'mock' });
      } else {
        running = await serverMock();
        target = await openTarget({ kind: 'url', url: running.url });
      }
    });

    afterAll(async () => {
      await target?.close();
      await running?.close();
    });

    for (const c of CASES) {
      for (const client of c.clients) {
        it(`${c.id} [${client}] ${c.live === 'safe' ? '(live-safe)' : '(mock-only)'}`, async (ctx) => {
          const run = await runCase(target, c, client);
          runs.push(run);
          if (run.outcome === 'skipped') ctx.skip(run.reason);
          expect(run.failures).toEqual([]);
          expect(run.outcome).toBe('passed');
        });
      }
    }

    it('answers every live-safe case as the committed parity snapshots record', () => {
      const parity = compareSnapshots(reportOf(runs), target, DEFAULT_SNAPSHOT_DIR);
      expect(parity.missing).toEqual([]);
      expect(parity.compared).toBe(runs.filter((r) => r.case.live === 'safe').length);
      // Differences from a snapshot validated against live fail; from a stand-in recording they are
      // reported (saf-mock contract prints them) but do not fail: a stand-in is no evidence of live.
      expect(parity.diffs.filter((d) => d.severity === 'failure').map(formatDiff)).toEqual([]);
    });
  });
}

describe('the suite as data', () => {
  it('has unique case ids, and every mock-only case says why', () => {
    const ids = CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CASES) {
      if (c.live === 'mock-only') expect(c.reason, c.id).toMatch(/\S/);
      expect(c.clients.length, c.id).toBeGreaterThan(0);
      expect(c.steps.some((s) => s.kind === 'call'), c.id).toBe(true);
    }
  });

  it('never uses the control API in a live-safe case (live has none)', () => {
    for (const c of CASES.filter((x) => x.live === 'safe')) expect(c.steps.every((s) => s.kind === 'call'), c.id).toBe(true);
  });

  it('has a committed snapshot for every live-safe case and none for mock-only ones', () => {
    const committed = listSnapshots(DEFAULT_SNAPSHOT_DIR);
    expect(committed).toEqual(CASES.filter((c) => c.live === 'safe').map((c) => c.id).sort());
  });
});
