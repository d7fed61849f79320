/**
 * The CLI's heap settings (never the library's, inside someone's test process). Under sustained load V8
 * grows the young generation to 32 MB (two 16 MB semi-spaces), all of it resident, and lets the old
 * generation grow up to 4× its live size between full collections. The server keeps little alive for long,
 * so the CLI keeps the old generation within 1.5× of what is live and holds the young generation at two
 * 4 MB semi-spaces: a quarter of the scavenges of V8's initial 1 MB, for ~6 MB of RSS.
 *
 * Node's flag for that (`--max-semi-space-size`) cannot be set from inside, and any V8 flag set before the
 * built-in modules load makes Node compile them without their code cache (~20 ms more of a cold start for
 * the flag, ~5 ms for flags set at start). So the settings are applied once the first request has been
 * answered, and the young generation is held by turning V8's growth factor off once it reaches the size
 * (and on again should V8 have shrunk it while idle), looked at after each garbage collection. `node:v8`
 * and `node:perf_hooks` load then too, not at start (node:v8 alone took ~3.5 ms of a cold start).
 */

/** What is used of `node:v8`. */
export interface V8Heap {
  setFlagsFromString(flags: string): void;
  getHeapSpaceStatistics(): Array<{ space_name: string; space_size: number }>;
}

/** Young generation held at: two semi-spaces of 4 MB. */
const YOUNG_GENERATION_BYTES = 8 * 1024 * 1024;

/** What the command line or NODE_OPTIONS already set: those sizes are the user's, not changed here. */
export interface HeapFlagsGiven {
  readonly semiSpace: boolean;
  readonly oldGeneration: boolean;
}

export function heapFlagsGiven(execArgv: readonly string[], nodeOptions: string | undefined): HeapFlagsGiven {
  const given = [...execArgv, nodeOptions ?? ''].join(' ');
  return { semiSpace: /semi[-_]space/.test(given), oldGeneration: /heap[-_]growing|old[-_]space|heap[-_]size/.test(given) };
}

function youngGenerationBytes(v8: V8Heap): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** Turns the young generation's growth on below the size and off at it; returns whether it may grow now. */
export function holdYoungGeneration(v8: V8Heap, growing: boolean | undefined, size = youngGenerationBytes(v8)): boolean {
  const grow = size < YOUNG_GENERATION_BYTES;
  if (grow !== growing) v8.setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
  return grow;
}

/** Applies the settings (see above) that node flags do not already set. */
export async function tuneHeap(given: HeapFlagsGiven): Promise<void> {
  // Loaded before any flag is set, with their code cache.
  const [v8, { PerformanceObserver }] = await Promise.all([import('node:v8'), import('node:perf_hooks')]);
  if (!given.oldGeneration) v8.setFlagsFromString('--heap-growing-percent=50');
  if (given.semiSpace) return;
  let growing = holdYoungGeneration(v8, undefined);
  const observer = new PerformanceObserver(() => {
    growing = holdYoungGeneration(v8, growing);
  });
  observer.observe({ entryTypes: ['gc'] });
}
