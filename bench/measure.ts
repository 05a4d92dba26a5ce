import { percentile } from './common';

/** p50 and p95 of `runs` timed in-process calls, after a few untimed ones to warm the JIT. */
export function measure(run: (i: number) => void, runs = 100, warmups = 10): string {
  for (let i = 0; i < warmups; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  return `p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`;
}
