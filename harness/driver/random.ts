/**
 * Seeded pseudo-random numbers (mulberry32): every schedule, mix choice and
 * sample in a run follows from the scenario's seed, so two runs with the
 * same seed issue the same operations at the same intended times.
 */
export type Random = () => number;

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  // The state lives in a typed array: a uint32 above 2^30 in a closure
  // variable is a heap number, allocated on every draw (the driver draws per
  // operation). The sequence is the same.
  const state = new Uint32Array(1);
  state[0] = seed >>> 0;
  return () => {
    const s = (state[0] = (state[0] + 0x6d2b79f5) >>> 0);
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derive an independent stream (per thread, per purpose) from one seed. */
export function deriveSeed(seed: number, ...salt: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const s of salt) {
    h = Math.imul(h ^ (s >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** A UUID v4-shaped id drawn from `random` (WBIA's `uuid.uuid4()`, deterministic for a seed). */
export function seededUuid(random: Random): string {
  const word = () => Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  const s = word() + word() + word() + word();
  const variant = ((parseInt(s[16], 16) & 0x3) | 0x8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20)}`;
}
