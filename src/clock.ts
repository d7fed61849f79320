/**
 * Milliseconds on a monotonic clock (an arbitrary origin), as performance.now() gives them. The global
 * `performance` is loaded on first use (perf_hooks and its modules: 2–7 ms of a cold start's first request),
 * so request timing reads the process's high-resolution clock instead.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
