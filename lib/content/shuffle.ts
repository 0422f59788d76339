/**
 * Seeded shuffling for quizzes. The same seed always gives the same order on the server and in the browser, so an
 * attempt stores only its seed plus the order it produced, and a review can show exactly what the learner saw.
 * Not for secrets: mulberry32 is a small, fast, well-spread PRNG, which is all an answer order needs.
 */

/** A seed is an unsigned 32-bit integer (fits an Int column in both SQLite and PostgreSQL once reduced to 31 bits). */
export const MAX_SEED = 0x7fff_ffff;

export function randomSeed(): number {
  const bytes = new Uint32Array(1);
  globalThis.crypto.getRandomValues(bytes);
  return (bytes[0] ?? 0) & MAX_SEED;
}

/** mulberry32: returns a function yielding floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates with the given random source; returns a new array. */
export function shuffled<T>(items: ReadonlyArray<T>, random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** A stable seed from text (FNV-1a), for a deterministic first render before the browser picks a random one. */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MAX_SEED;
}
