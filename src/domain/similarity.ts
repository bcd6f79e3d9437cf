/** How close two short texts are, for "did you mean" suggestions. */

/** Levenshtein edit distance (insertions, deletions, substitutions), on code points. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length] ?? 0;
}

/**
 * Distance of a candidate name from what was typed: the better of the whole name and the name cut
 * to the typed length (people type the start of a name), so "acme dentl" is close to
 * "acme dental ltd".
 */
export function nameDistance(typed: string, candidate: string): number {
  const cut = Array.from(candidate).slice(0, Array.from(typed).length).join("");
  return Math.min(editDistance(typed, candidate), editDistance(typed, cut) + 0.5);
}

/** The `limit` candidates closest to `typed`, closest first (ties by name). */
export function closest<T>(typed: string, candidates: T[], key: (c: T) => string, limit: number): T[] {
  return candidates
    .map((c) => ({ c, d: nameDistance(typed, key(c)), k: key(c) }))
    .sort((p, q) => p.d - q.d || p.k.localeCompare(q.k))
    .slice(0, limit)
    .map((x) => x.c);
}
