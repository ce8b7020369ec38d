/**
 * A structural check of results.json before rendering, so a bad file gives
 * one clear message naming the field (`targets[0].ops.heartbeat.p99Us`)
 * instead of a chart that silently shows nothing. It checks what the report
 * reads; harness/results.schema.json remains the full contract.
 */
import { RESULTS_SCHEMA_VERSION } from '../results/types.ts';
import type { ResultsFile } from '../results/types.ts';
import { ReportInputError } from './errors.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, where: string): Obj {
  if (!isObj(v)) throw new ReportInputError(where, `expected an object, got ${describe(v)}`);
  return v;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ReportInputError(where, `expected an array, got ${describe(v)}`);
  return v;
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ReportInputError(where, `expected a finite number, got ${describe(v)}`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ReportInputError(where, `expected a string, got ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v).slice(0, 40)}`;
}

const SUMMARY_NUMBERS = ['count', 'errors', 'timeouts', 'p50Us', 'p90Us', 'p99Us', 'p999Us', 'maxUs', 'meanUs'] as const;

function checkSummaries(v: unknown, where: string): void {
  for (const [op, summary] of Object.entries(obj(v, where))) {
    const s = obj(summary, `${where}.${op}`);
    for (const key of SUMMARY_NUMBERS) num(s[key], `${where}.${op}.${key}`);
    str(s.histogram, `${where}.${op}.histogram`);
  }
}

function checkTarget(v: unknown, where: string): void {
  const t = obj(v, where);
  str(t.name, `${where}.name`);
  if (t.error !== undefined) {
    str(t.error, `${where}.error`);
    return; // "the other fields are then empty": render the error only.
  }
  checkSummaries(t.ops, `${where}.ops`);
  checkSummaries(t.lockWait, `${where}.lockWait`);
  checkSummaries(t.roundTrip, `${where}.roundTrip`);
  num(t.wrongReplies, `${where}.wrongReplies`);
  num(t.socketRebuilds, `${where}.socketRebuilds`);
  arr(t.cascades, `${where}.cascades`).forEach((c, i) => {
    const co = obj(c, `${where}.cascades[${i}]`);
    for (const key of ['startMs', 'endMs', 'timeouts', 'socketRebuilds']) num(co[key], `${where}.cascades[${i}].${key}`);
    arr(co.threadsHit, `${where}.cascades[${i}].threadsHit`);
  });
  const ledger = obj(t.ledger, `${where}.ledger`);
  for (const key of ['submitted', 'completed', 'failed', 'pending', 'lost', 'duplicated']) num(ledger[key], `${where}.ledger.${key}`);
  const timeline = obj(t.timeline, `${where}.timeline`);
  num(timeline.bucketMs, `${where}.timeline.bucketMs`);
  arr(timeline.buckets, `${where}.timeline.buckets`);
  const lanes = obj(t.lanes, `${where}.lanes`);
  num(lanes.threads, `${where}.lanes.threads`);
  arr(lanes.segments, `${where}.lanes.segments`).forEach((lane, i) => arr(lane, `${where}.lanes.segments[${i}]`));
  const events = obj(t.events, `${where}.events`);
  num(events.total, `${where}.events.total`);
  arr(events.sampled, `${where}.events.sampled`);
  if (t.errorSamples !== undefined) arr(t.errorSamples, `${where}.errorSamples`).forEach((e, i) => str(e, `${where}.errorSamples[${i}]`));
  if (t.unservedArrivals !== undefined) num(t.unservedArrivals, `${where}.unservedArrivals`);
  if (t.server !== undefined) {
    const server = obj(t.server, `${where}.server`);
    for (const key of ['arrivalsPerSec', 'meanServiceUs', 'utilisation']) num(server[key], `${where}.server.${key}`);
  }
}

/** Return `value` typed as a ResultsFile, or throw ReportInputError naming the first bad field. */
export function validateResults(value: unknown): ResultsFile {
  const r = obj(value, '(top level)');
  if (r.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new ReportInputError('schemaVersion', `this report writer reads schema version ${RESULTS_SCHEMA_VERSION}, got ${describe(r.schemaVersion)}`);
  }
  str(r.runId, 'runId');
  str(r.createdAt, 'createdAt');
  const scenario = obj(r.scenario, 'scenario');
  for (const key of ['name', 'question', 'description']) str(scenario[key], `scenario.${key}`);
  num(r.seed, 'seed');
  num(r.scale, 'scale');
  const loadModel = obj(r.loadModel, 'loadModel');
  if (loadModel.kind !== 'open' && loadModel.kind !== 'closed') throw new ReportInputError('loadModel.kind', `expected "open" or "closed", got ${describe(loadModel.kind)}`);
  str(r.mode, 'mode');
  num(r.threads, 'threads');
  str(r.durability, 'durability');
  num(r.historicalJobs, 'historicalJobs');
  obj(r.machine, 'machine');
  const phases = obj(r.phases, 'phases');
  num(phases.warmupMs, 'phases.warmupMs');
  num(phases.measureMs, 'phases.measureMs');
  for (const [key, c] of Object.entries(obj(r.scaledConstants, 'scaledConstants'))) {
    const co = obj(c, `scaledConstants.${key}`);
    num(co.productionMs, `scaledConstants.${key}.productionMs`);
    num(co.scaledMs, `scaledConstants.${key}.scaledMs`);
  }
  arr(r.targets, 'targets').forEach((t, i) => checkTarget(t, `targets[${i}]`));
  arr(r.gates, 'gates').forEach((g, i) => {
    const go = obj(g, `gates[${i}]`);
    str(go.name, `gates[${i}].name`);
    if (typeof go.passed !== 'boolean') throw new ReportInputError(`gates[${i}].passed`, `expected true or false, got ${describe(go.passed)}`);
  });
  if (r.gatesSkipped !== undefined) arr(r.gatesSkipped, 'gatesSkipped').forEach((g, i) => str(g, `gatesSkipped[${i}]`));
  if (r.headline !== null) obj(r.headline, 'headline');
  return value as ResultsFile;
}
