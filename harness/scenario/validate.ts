/**
 * Validate a scenario on load: the first bad field is named, with what is
 * allowed, e.g. `scenario "x": load.arrival must be one of constant, poisson
 * (got "uniform")`. Contradictions are rejected here, in one place
 * (autocannon lib/validate.js).
 */
import { LANES } from '../contract/job-service.ts';
import { OP_NAMES } from '../results/types.ts';
import type { GateSpec, MetricName, MetricRef, Scenario } from './types.ts';

export class ScenarioError extends Error {
  readonly code = 'E_SCENARIO';
  readonly field: string;
  constructor(scenario: string, field: string, message: string) {
    super(`scenario "${scenario}": ${field} ${message}`);
    this.name = 'ScenarioError';
    this.field = field;
  }
}

export const METRIC_NAMES: readonly MetricName[] = [
  'p50', 'p90', 'p99', 'p999', 'max', 'mean',
  'lockWait.p50', 'lockWait.p99', 'lockWait.max',
  'roundTrip.p50', 'roundTrip.p99', 'roundTrip.max',
  'count', 'errors', 'timeouts', 'lockWaitShare',
  'cascades', 'wrongReplies', 'socketRebuilds',
  'lost', 'duplicated', 'pending', 'submitted', 'completed', 'failed',
];

/** Metrics that are latencies of one operation and so need `op`. */
export const LATENCY_METRICS: readonly MetricName[] = METRIC_NAMES.filter((m) => /^(p\d+|max|mean)$|\./.test(m));

type Rec = Record<string, unknown>;

class Checker {
  constructor(private readonly scenario: string) {}

  fail(field: string, message: string): never {
    throw new ScenarioError(this.scenario, field, message);
  }

  object(value: unknown, field: string): Rec {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, `must be an object (got ${show(value)})`);
    return value as Rec;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(field, `must be a non-empty string (got ${show(value)})`);
    return value;
  }

  number(value: unknown, field: string, min: number, max = Number.POSITIVE_INFINITY, integer = false): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      this.fail(field, `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max === Number.POSITIVE_INFINITY ? '∞' : max}] (got ${show(value)})`);
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !allowed.includes(value as T)) this.fail(field, `must be one of ${allowed.join(', ')} (got ${show(value)})`);
    return value as T;
  }

  keys(value: Rec, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${field ? `${field}.` : ''}${key}`, `is not a known field; allowed: ${allowed.join(', ')}`);
    }
  }

  list(value: unknown, field: string, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be a list of ${what} (got ${show(value)})`);
    return value as unknown[];
  }

  weights(value: unknown, field: string): void {
    const w = this.object(value, field);
    this.keys(w, field, OP_NAMES);
    let total = 0;
    for (const [op, v] of Object.entries(w)) total += this.number(v, `${field}.${op}`, 0);
    if (total <= 0) this.fail(field, `must give at least one of ${OP_NAMES.join(', ')} a positive value`);
  }

  metricRef(value: unknown, field: string, needsTarget: boolean): void {
    const m = this.object(value, field);
    this.keys(m, field, needsTarget ? ['target', 'metric', 'op'] : ['metric', 'op']);
    if (needsTarget) this.string(m.target, `${field}.target`);
    const metric = this.oneOf(m.metric, `${field}.metric`, METRIC_NAMES);
    if (m.op !== undefined) this.oneOf(m.op, `${field}.op`, OP_NAMES);
    if (LATENCY_METRICS.includes(metric) && m.op === undefined) this.fail(`${field}.op`, `is required for latency metric "${metric}"; one of ${OP_NAMES.join(', ')}`);
  }
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

const TOP_FIELDS = [
  'name', 'question', 'demonstrates', 'targets', 'threads', 'scale', 'seed', 'historicalJobs', 'engines', 'phases', 'load',
  'maxOps', 'job', 'ownPollShare', 'statusDictLimit', 'callback', 'drainSec', 'faults', 'gates', 'headlines',
];

export function validateScenario(value: unknown): Scenario {
  const name = typeof value === 'object' && value !== null && typeof (value as Rec).name === 'string' ? ((value as Rec).name as string) : '?';
  const c = new Checker(name);
  const s = c.object(value, 'scenario');
  c.keys(s, '', TOP_FIELDS);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(c.string(s.name, 'name'))) c.fail('name', 'must be lower-case letters, digits and dashes');
  c.string(s.question, 'question');
  c.string(s.demonstrates, 'demonstrates');
  const targets = c.list(s.targets, 'targets', 'target names');
  if (targets.length === 0) c.fail('targets', 'must name at least one target');
  targets.forEach((t, i) => c.string(t, `targets[${i}]`));
  c.number(s.threads, 'threads', 1, 256, true);
  c.number(s.scale, 'scale', 0.0001, 1);
  c.number(s.seed, 'seed', 0, 2 ** 32 - 1, true);
  c.number(s.historicalJobs, 'historicalJobs', 0, 1_000_000, true);
  const engines = c.object(s.engines, 'engines');
  c.keys(engines, 'engines', ['fast', 'slow']);
  c.number(engines.fast, 'engines.fast', 0, 64, true);
  c.number(engines.slow, 'engines.slow', 0, 64, true);
  const phases = c.object(s.phases, 'phases');
  c.keys(phases, 'phases', ['warmupSec', 'measureSec']);
  c.number(phases.warmupSec, 'phases.warmupSec', 0);
  c.number(phases.measureSec, 'phases.measureSec', 0.001);
  const load = c.object(s.load, 'load');
  const model = c.oneOf(load.model, 'load.model', ['open', 'closed'] as const);
  if (model === 'open') {
    c.keys(load, 'load', ['model', 'arrival', 'ratesPerSec']);
    c.oneOf(load.arrival, 'load.arrival', ['constant', 'poisson'] as const);
    c.weights(load.ratesPerSec, 'load.ratesPerSec');
  } else {
    c.keys(load, 'load', ['model', 'users', 'thinkSec', 'mix']);
    c.number(load.users, 'load.users', 1, 256, true);
    c.number(load.thinkSec, 'load.thinkSec', 0);
    c.weights(load.mix, 'load.mix');
    if ((load.users as number) > (s.threads as number)) c.fail('load.users', `must not exceed threads (${String(s.threads)}): one user per web thread`);
  }
  c.number(s.maxOps, 'maxOps', 1, 100_000_000, true);
  const job = c.object(s.job, 'job');
  c.keys(job, 'job', ['action', 'timeSec', 'lane']);
  c.string(job.action, 'job.action');
  c.number(job.timeSec, 'job.timeSec', 0);
  c.oneOf(job.lane, 'job.lane', LANES);
  c.number(s.ownPollShare, 'ownPollShare', 0, 1);
  if (s.statusDictLimit !== null) c.number(s.statusDictLimit, 'statusDictLimit', 1, 10_000_000, true);
  if (s.callback !== null) {
    const cb = c.object(s.callback, 'callback');
    c.keys(cb, 'callback', ['delaySec', 'method']);
    c.number(cb.delaySec, 'callback.delaySec', 0);
    c.oneOf(cb.method, 'callback.method', ['POST', 'GET', 'PUT'] as const);
  }
  c.number(s.drainSec, 'drainSec', 0);
  c.list(s.faults, 'faults', 'faults (may be empty)').forEach((f, i) => {
    const field = `faults[${i}]`;
    const fault = c.object(f, field);
    c.keys(fault, field, ['atSec', 'action', 'component', 'forSec', 'targets']);
    c.number(fault.atSec, `${field}.atSec`, 0);
    const action = c.oneOf(fault.action, `${field}.action`, ['pause', 'kill'] as const);
    c.string(fault.component, `${field}.component`);
    if (action === 'pause') c.number(fault.forSec, `${field}.forSec`, 0.000001);
    if (fault.targets !== undefined && !Array.isArray(fault.targets)) c.fail(`${field}.targets`, 'must be a list of target names');
  });
  const gateNames = new Set<string>();
  c.list(s.gates, 'gates', 'gates (may be empty)').forEach((g, i) => validateGate(c, g, `gates[${i}]`, gateNames));
  c.list(s.headlines, 'headlines', 'headlines (may be empty)').forEach((h, i) => {
    const field = `headlines[${i}]`;
    const head = c.object(h, field);
    c.keys(head, field, ['label', 'numerator', 'denominator']);
    c.string(head.label, `${field}.label`);
    c.metricRef(head.numerator, `${field}.numerator`, true);
    c.metricRef(head.denominator, `${field}.denominator`, true);
  });
  return value as Scenario;
}

function validateGate(c: Checker, value: unknown, field: string, names: Set<string>): void {
  const g = c.object(value, field);
  const kind = c.oneOf(g.kind, `${field}.kind`, ['ratio', 'bound'] as const);
  const name = c.string(g.name, `${field}.name`);
  if (names.has(name)) c.fail(`${field}.name`, `repeats gate name "${name}"; gate names must be unique`);
  names.add(name);
  if (kind === 'ratio') {
    c.keys(g, field, ['kind', 'name', 'smaller', 'larger', 'factor']);
    c.metricRef(g.smaller, `${field}.smaller`, true);
    c.metricRef(g.larger, `${field}.larger`, true);
    c.number(g.factor, `${field}.factor`, 0);
  } else {
    c.keys(g, field, ['kind', 'name', 'metric', 'targets', 'cmp', 'value']);
    c.metricRef(g.metric, `${field}.metric`, false);
    if (!Array.isArray(g.targets) || g.targets.length === 0) c.fail(`${field}.targets`, 'must be a non-empty list of target names');
    c.oneOf(g.cmp, `${field}.cmp`, ['<=', '>=', '=='] as const);
    c.number(g.value, `${field}.value`, Number.NEGATIVE_INFINITY);
  }
}

/** Re-exported for gate evaluation's own checks. */
export type { GateSpec, MetricRef };
