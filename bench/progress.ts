/** One line on stderr saying what a benchmark part is doing now; npm run bench shows it as it happens. */
export function progress(step: string): void {
  process.stderr.write(`${step}\n`);
}
