// Preloaded into the mock by the big-request scenario (node --import): the event loop's delay histogram,
// printed and reset on SIGUSR2. Its max is the longest time the server went without answering anyone.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => (ns / 1e6).toFixed(1);
  process.stdout.write(`loop-probe max=${ms(histogram.max)} p99=${ms(histogram.percentile(99))}\n`);
  histogram.reset();
});
