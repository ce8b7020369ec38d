/** The machine a run was measured on, for results.json. */
import { cpus, hostname, platform, release, totalmem } from 'node:os';
import type { Machine } from '../results/types.ts';

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
    hostname: hostname(),
  };
}

/** Sortable by time: `20261204-153012-heartbeat-starvation-a1b2`. */
export function newRunId(scenario: string, now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const suffix = Math.floor(Math.random() * 0xffff).toString(16).padStart(4, '0');
  return `${stamp}-${scenario}-${suffix}`;
}
