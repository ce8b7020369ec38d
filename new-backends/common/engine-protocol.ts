/** Messages between a target (parent) and one engine child process, over the fork IPC channel. */
import type { Lane } from '../../harness/contract/job-service.ts';

export type ToEngine = { type: 'start'; lane: Lane; index: number; config: unknown };

export type FromEngine = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'log'; line: string };

export function isFromEngine(value: unknown): value is FromEngine {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'failed' || type === 'log';
}

export function isToEngine(value: unknown): value is ToEngine {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; lane?: unknown; index?: unknown };
  return v.type === 'start' && (v.lane === 'fast' || v.lane === 'slow') && typeof v.index === 'number';
}
