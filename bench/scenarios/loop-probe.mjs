// Preloaded into the mock by the big-request scenario (node --import): how long the event loop went without
// turning. Two measures, printed and reset on SIGUSR2:
//   max    perf_hooks.monitorEventLoopDelay's longest delay (wall time: on a shared machine it includes the
//          time the process was not scheduled at all);
//   cpu    the process CPU time spent inside the longest gap a 2 ms interval saw: what the stall costs on an
//          idle machine (the figure to compare across runs on a noisy one).
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
let longest = { wallMs: 0, cpuMs: 0 };
let lastAt = performance.now();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage();
  const wallMs = now - lastAt;
  const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
  if (cpuMs > longest.cpuMs) longest = { wallMs, cpuMs };
  lastAt = now;
  lastCpu = cpu;
}, 2).unref();
process.on('SIGUSR2', () => {
  const ms = (ns) => (ns / 1e6).toFixed(1);
  process.stdout.write(`loop-probe max=${ms(histogram.max)} p99=${ms(histogram.percentile(99))} cpu=${longest.cpuMs.toFixed(1)} cpuGapWall=${longest.wallMs.toFixed(1)}\n`);
  histogram.reset();
  longest = { wallMs: 0, cpuMs: 0 };
});
