import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heapFlagsGiven, holdYoungGeneration } from '../../src/heap-tuning.js';

const MB = 1024 * 1024;

describe('heap tuning (CLI only)', () => {
  it('leaves the sizes node flags or NODE_OPTIONS already set to the user', () => {
    expect(heapFlagsGiven([], undefined)).toEqual({ semiSpace: false, oldGeneration: false });
    expect(heapFlagsGiven(['--max-semi-space-size=8'], undefined)).toEqual({ semiSpace: true, oldGeneration: false });
    expect(heapFlagsGiven([], '--max_semi_space_size=8 --max-old-space-size=512')).toEqual({ semiSpace: true, oldGeneration: true });
    expect(heapFlagsGiven(['--heap-growing-percent=30'], '')).toEqual({ semiSpace: false, oldGeneration: true });
    expect(heapFlagsGiven(['--enable-source-maps'], '--no-warnings')).toEqual({ semiSpace: false, oldGeneration: false });
  });

  it('lets the young generation grow below two 4 MB semi-spaces and holds it there, setting a flag only on a change', () => {
    const set: string[] = [];
    const v8 = { setFlagsFromString: (f: string) => void set.push(f), getHeapSpaceStatistics: () => [{ space_name: 'new_space', space_size: 2 * MB }] };
    expect(holdYoungGeneration(v8, undefined)).toBe(true);
    expect(holdYoungGeneration(v8, true, 4 * MB)).toBe(true);
    expect(holdYoungGeneration(v8, true, 8 * MB)).toBe(false);
    expect(holdYoungGeneration(v8, false, 16 * MB)).toBe(false);
    // Shrunk by V8 while idle: may grow again.
    expect(holdYoungGeneration(v8, false, 2 * MB)).toBe(true);
    expect(set).toEqual(['--semi-space-growth-factor=2', '--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
  });

  it('the CLI holds its young generation at 8 MB under allocation once it has answered a request', async () => {
    // A child (the build's dist/heap-tuning.js: npm test builds first) that runs the CLI's tuning as the CLI
    // does, then allocates objects that survive a while (as requests in flight do): the young generation grows
    // to 8 MB and no further (V8 alone grows it to 32 MB).
    const script = `
      import { getHeapSpaceStatistics } from 'node:v8';
      const { tuneHeap, heapFlagsGiven } = await import(${JSON.stringify(new URL('../../dist/heap-tuning.js', import.meta.url).href)});
      await tuneHeap(heapFlagsGiven([], undefined));
      const keep = new Array(60000);
      // Allocating between turns of the event loop, as a server does between requests.
      for (let round = 0; round < 800; round++) {
        for (let i = 0; i < 10000; i++) keep[(round * 10000 + i) % 60000] = { i, s: 'x' + i };
        await new Promise((r) => setImmediate(r));
      }
      console.log(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
      process.exit(0);
    `;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 30_000 });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d));
      child.on('error', reject);
      child.on('exit', (code, signal) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code ?? signal}`))));
    });
    expect(Number(out.trim())).toBe(8 * MB);
  }, 60_000);
});
