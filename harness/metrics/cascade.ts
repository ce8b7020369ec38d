/**
 * Timeout-cascade detection (LEGACY.md "The three symptoms": threads hit the
 * receive timeout, sockets are rebuilt, and the requests queued behind them
 * time out in turn). A pure function over the timeouts of one target's run.
 *
 * An episode is a maximal run of timeouts, ordered by when they fired, in
 * which each fired within `maxGapMs` of the previous one; it is a cascade
 * when it holds at least `minTimeouts`. The natural gap is the (scaled)
 * receive timeout: a request queued behind a timed-out one gives up at most
 * one timeout later.
 */
import type { Cascade } from '../results/types.ts';
import type { TimeoutIncident } from './recorder.ts';

export interface CascadeOptions {
  maxGapMs: number;
  /** Default 2: one lone timeout is not a cascade. */
  minTimeouts?: number;
}

export function detectCascades(incidents: readonly TimeoutIncident[], options: CascadeOptions): Cascade[] {
  const minTimeouts = Math.max(1, options.minTimeouts ?? 2);
  const sorted = [...incidents].sort((a, b) => a.endMs - b.endMs);
  const cascades: Cascade[] = [];
  let episode: TimeoutIncident[] = [];
  const close = () => {
    if (episode.length >= minTimeouts) {
      cascades.push({
        startMs: Math.min(...episode.map((i) => i.startMs)),
        endMs: episode[episode.length - 1].endMs,
        timeouts: episode.length,
        threadsHit: [...new Set(episode.map((i) => i.thread))].sort((a, b) => a - b),
        socketRebuilds: episode.filter((i) => i.socketRebuilt).length,
      });
    }
    episode = [];
  };
  for (const incident of sorted) {
    const last = episode[episode.length - 1];
    if (last && incident.endMs - last.endMs > options.maxGapMs) close();
    episode.push(incident);
  }
  close();
  return cascades;
}
