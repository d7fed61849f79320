// Summarises a V8 .cpuprofile (node --cpu-prof): self and inclusive time per function and per file/package.
//   node bench/profile-summary.mjs FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

function where(url, root) {
  if (!url) return '';
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (root && path.startsWith(root)) path = path.slice(root.length);
  return path;
}

/** Bucket of a frame: a package under node_modules, a project file, node: internals, or V8's pseudo-frames. */
function bucketOf(frame, root) {
  const path = where(frame.url, root);
  if (!path) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:')) return 'node internals';
  return path;
}

export function summarizeProfile(profile, root = '') {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    const path = where(f.url, root);
    return `${f.functionName || '(anonymous)'}  ${path ? `${path}:${f.lineNumber + 1}` : ''}`.trim();
  };
  // Time per sample: the delta to the next sample (the last one gets the mean).
  const deltas = profile.timeDeltas ?? [];
  const samples = profile.samples ?? [];
  const totalUs = profile.endTime - profile.startTime;
  const self = new Map();
  const incl = new Map();
  const buckets = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  let idleUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < deltas.length ? deltas[i + 1] : totalUs / Math.max(1, samples.length);
    const node = byId.get(samples[i]);
    if (!node) continue;
    const key = keyOf(node);
    if (node.callFrame.functionName === '(idle)') idleUs += dt;
    add(self, key, dt);
    add(buckets, bucketOf(node.callFrame, root), dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf(byId.get(id));
      if (!seen.has(k)) {
        seen.add(k);
        add(incl, k, dt);
      }
    }
  }
  const busyUs = totalUs - idleUs;
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { totalUs, busyUs, self: sorted(self), inclusive: sorted(incl), buckets: sorted(buckets) };
}

export function formatSummary(s, top = 25) {
  const pct = (us) => `${((us / s.busyUs) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(s.busyUs / 1e6).toFixed(2)} s of ${(s.totalUs / 1e6).toFixed(2)} s (percentages are of busy time)`];
  lines.push('', 'self time by function:');
  for (const [k, us] of s.self.filter(([k]) => !k.startsWith('(idle)')).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', 'self time by file / package:');
  for (const [k, us] of s.buckets.filter(([k]) => k !== '(idle)').slice(0, 15)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', 'inclusive time (project and dependency functions):');
  const interesting = s.inclusive.filter(([k]) => /\s(src|dist|node_modules)\//.test(' ' + k.split('  ')[1]));
  for (const [k, us] of interesting.slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const file of positionals) {
    process.stdout.write(`${file}:\n${formatSummary(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), root), Number(values.top))}\n`);
  }
}
