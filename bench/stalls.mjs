// The longest stretches a V8 .cpuprofile (node --cpu-prof) spent without returning to the event loop
// ("stalls": consecutive samples that are not (idle)), each with the functions that took most of it.
// Every other client waits at least that long, so this is what bounds their worst latency.
//   node bench/stalls.mjs FILE.cpuprofile [--top 10] [--frames 6]
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function label(frame) {
  const url = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const path = url.startsWith(ROOT) ? url.slice(ROOT.length) : url;
  return `${frame.functionName || '(anonymous)'}${path ? ` ${path}:${frame.lineNumber + 1}` : ''}`;
}

/** Stalls, longest first: { ms, startMs, frames: [[label, ms]] } (frames by inclusive time inside the stall). */
export function findStalls(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const stalls = [];
  let current;
  let t = 0;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const node = byId.get(samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') {
      if (current) stalls.push(current);
      current = undefined;
      continue;
    }
    current ??= { ms: 0, startMs: t / 1000, incl: new Map() };
    current.ms += dt;
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const key = label(byId.get(id).callFrame);
      if (key.startsWith('(root)') || seen.has(key)) continue;
      seen.add(key);
      current.incl.set(key, (current.incl.get(key) ?? 0) + dt);
    }
  }
  if (current) stalls.push(current);
  stalls.sort((a, b) => b.ms - a.ms);
  return stalls.map((s) => ({ ms: s.ms, startMs: s.startMs, frames: [...s.incl].sort((a, b) => b[1] - a[1]) }));
}

export function formatStalls(stalls, { top = 10, frames = 6 } = {}) {
  const lines = [];
  for (const s of stalls.slice(0, top)) {
    lines.push(`stall ${s.ms.toFixed(1)} ms at +${s.startMs.toFixed(0)} ms`);
    for (const [name, ms] of s.frames.slice(0, frames)) lines.push(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '10' }, frames: { type: 'string', default: '6' } } });
  for (const file of positionals) {
    console.log(`== ${file}`);
    console.log(formatStalls(findStalls(JSON.parse(readFileSync(file, 'utf8'))), { top: Number(values.top), frames: Number(values.frames) }));
  }
}
