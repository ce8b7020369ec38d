/**
 * The server-side split of one HTTP request, sent as response headers so the
 * client (harness/http/client-service.ts) can fill its CallTrace with what
 * the server measured. All times are microseconds of wall clock.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Outcome } from '../results/types.ts';

export const HEADER = {
  /**
   * From the request being read to its hand-off to a worker thread: the wait
   * in the front's FIFO for a free thread (gunicorn's gthread queue), plus any
   * stall of the front's main thread in between (seen at 0.37 s on an
   * overloaded 2-core machine).
   */
  queueWaitUs: 'x-convoy-queue-wait-us',
  /** The JobService's CallTrace.lockWaitUs (`_collect_lock`, a pool…). */
  lockWaitUs: 'x-convoy-lock-wait-us',
  /** The JobService's CallTrace.roundTripUs. */
  roundTripUs: 'x-convoy-round-trip-us',
  /** Time the worker thread spent on the request (parse, call, encode). */
  serviceUs: 'x-convoy-service-us',
  outcome: 'x-convoy-outcome',
  thread: 'x-convoy-thread',
  wrongReply: 'x-convoy-wrong-reply',
  socketRebuilt: 'x-convoy-socket-rebuilt',
  /** Job-submitting routes answer the jobid alone (as WBIA's do); the counter travels here. */
  jobcounter: 'x-convoy-jobcounter',
} as const;

export interface ServerSplit {
  queueWaitUs: number;
  lockWaitUs: number;
  roundTripUs: number;
  serviceUs: number;
  outcome: Outcome;
  /** Worker thread index, -1 when no thread served it (overload, shutdown). */
  thread: number;
  wrongReply: boolean;
  socketRebuilt: boolean;
}

export function emptySplit(): ServerSplit {
  return { queueWaitUs: 0, lockWaitUs: 0, roundTripUs: 0, serviceUs: 0, outcome: 'ok', thread: -1, wrongReply: false, socketRebuilt: false };
}

export function splitHeaders(split: ServerSplit): OutgoingHttpHeaders {
  return {
    [HEADER.queueWaitUs]: String(Math.round(split.queueWaitUs)),
    [HEADER.lockWaitUs]: String(Math.round(split.lockWaitUs)),
    [HEADER.roundTripUs]: String(Math.round(split.roundTripUs)),
    [HEADER.serviceUs]: String(Math.round(split.serviceUs)),
    [HEADER.outcome]: split.outcome,
    [HEADER.thread]: String(split.thread),
    [HEADER.wrongReply]: split.wrongReply ? '1' : '0',
    [HEADER.socketRebuilt]: split.socketRebuilt ? '1' : '0',
  };
}

type HeaderBag = IncomingHttpHeaders | Record<string, string | string[] | undefined>;

function one(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function num(headers: HeaderBag, name: string): number {
  const n = Number(one(headers, name));
  return Number.isFinite(n) ? n : 0;
}

const OUTCOMES: readonly Outcome[] = ['ok', 'timeout', 'error', 'wrong-reply'];

export function readSplit(headers: HeaderBag): ServerSplit {
  const outcome = one(headers, HEADER.outcome);
  const thread = one(headers, HEADER.thread);
  return {
    queueWaitUs: num(headers, HEADER.queueWaitUs),
    lockWaitUs: num(headers, HEADER.lockWaitUs),
    roundTripUs: num(headers, HEADER.roundTripUs),
    serviceUs: num(headers, HEADER.serviceUs),
    outcome: OUTCOMES.includes(outcome as Outcome) ? (outcome as Outcome) : 'error',
    thread: thread === undefined ? -1 : Number(thread),
    wrongReply: one(headers, HEADER.wrongReply) === '1',
    socketRebuilt: one(headers, HEADER.socketRebuilt) === '1',
  };
}

export function readJobcounter(headers: HeaderBag): number | null {
  const v = one(headers, HEADER.jobcounter);
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}
