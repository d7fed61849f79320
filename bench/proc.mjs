import { readFileSync } from 'node:fs';

/** Per-CPU [busy, total] jiffies from /proc/stat (busy excludes idle and iowait), or undefined off Linux. */
export function cpuTimes() {
  try {
    const out = {};
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
      const m = /^cpu(\d+)\s+(.*)$/.exec(line);
      if (!m) continue;
      const v = m[2].trim().split(/\s+/).map(Number);
      const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
      out[m[1]] = [total - v[3] - v[4], total];
    }
    return out;
  } catch {
    return undefined;
  }
}
