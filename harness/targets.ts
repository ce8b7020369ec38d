/**
 * The target registry: name → definition, loaded lazily so that a run of
 * `sqlite` never loads `pg` or `bullmq`.
 */
import type { TargetDefinition } from './contract/target.ts';

const LOADERS: Record<string, () => Promise<TargetDefinition>> = {
  noop: async () => (await import('./noop/target.ts')).noopTarget,
  legacy: async () => (await import('../legacy-sim/target.ts')).legacyTarget,
  'legacy-mitigated': async () => (await import('../legacy-sim/target.ts')).legacyMitigatedTarget,
  sqlite: async () => (await import('../new-backends/sqlite/target.ts')).sqliteTarget,
  postgres: async () => (await import('../new-backends/postgres/target.ts')).postgresTarget,
  bullmq: async () => (await import('../new-backends/bullmq/target.ts')).bullmqTarget,
  'bullmq-statushash': async () => (await import('../new-backends/bullmq/target.ts')).bullmqStatusHashTarget,
};

export const TARGET_NAMES: readonly string[] = Object.keys(LOADERS);

export class UnknownTargetError extends Error {
  readonly code = 'E_UNKNOWN_TARGET';
  constructor(name: string) {
    super(`unknown target "${name}"; valid targets: ${TARGET_NAMES.join(', ')}`);
    this.name = 'UnknownTargetError';
  }
}

export async function loadTarget(name: string): Promise<TargetDefinition> {
  const loader = LOADERS[name];
  if (!loader) throw new UnknownTargetError(name);
  return loader();
}
