/** Small helpers shared by the benchmark parts. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export function summarise(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(2));
  return { n: s.length, p50: r(percentile(s, 50)), p99: r(percentile(s, 99)), max: r(s.at(-1) ?? NaN) };
}

/** Peak resident set size of this process so far, in MB (the kernel's ru_maxrss). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
