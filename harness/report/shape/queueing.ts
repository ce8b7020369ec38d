/**
 * Single-server queueing predictions for the legacy collector (one thread,
 * one request at a time: LEGACY.md "Processes and sockets"). These are
 * formulas fed with measured arrival rate and mean service time; the report
 * labels them as predictions and draws them beside the measurements.
 *
 *  ρ = λ·S;  M/M/1 mean wait in queue Wq = ρ·S / (1 − ρ);
 *  M/D/1 (constant service) Wq = ρ·S / (2 (1 − ρ)).
 */

export interface QueuePrediction {
  /** ρ = arrivals per second × mean service time. */
  utilisation: number;
  /** False when ρ ≥ 1: the queue grows without bound and no finite wait is predicted. */
  stable: boolean;
  /** Predicted mean wait before service, µs (null when unstable). */
  mm1WaitUs: number | null;
  md1WaitUs: number | null;
  /** Predicted mean time in system (wait + service), µs. */
  mm1ResponseUs: number | null;
  md1ResponseUs: number | null;
}

export function predictSingleServer(arrivalsPerSec: number, meanServiceUs: number): QueuePrediction {
  if (!(arrivalsPerSec >= 0) || !(meanServiceUs >= 0)) {
    throw new RangeError(`arrival rate and service time must be ≥ 0, got ${arrivalsPerSec}/s and ${meanServiceUs} µs`);
  }
  const utilisation = arrivalsPerSec * (meanServiceUs / 1e6);
  if (utilisation >= 1) {
    return { utilisation, stable: false, mm1WaitUs: null, md1WaitUs: null, mm1ResponseUs: null, md1ResponseUs: null };
  }
  const mm1WaitUs = (utilisation * meanServiceUs) / (1 - utilisation);
  const md1WaitUs = mm1WaitUs / 2;
  return { utilisation, stable: true, mm1WaitUs, md1WaitUs, mm1ResponseUs: mm1WaitUs + meanServiceUs, md1ResponseUs: md1WaitUs + meanServiceUs };
}
