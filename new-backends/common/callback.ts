/**
 * Job-completion callbacks that block nothing. WBIA's collector made the
 * callback inline, with no timeout (LEGACY.md "store"): one slow receiver
 * stalled every request behind it. Here the engine fires it and moves on;
 * each attempt has a timeout, failures are retried a bounded number of times.
 * Payload as WBIA sends it: `jobid` (+ `status` and `json_result` when
 * detailed), form-encoded for POST/PUT, query parameters for GET.
 */
import type { CallbackSpec } from '../../harness/contract/job-service.ts';

export interface CallbackPolicy {
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
}

export const CALLBACK_POLICY: CallbackPolicy = { timeoutMs: 5000, retries: 2, retryDelayMs: 200 };

export interface CallbackPayload {
  jobid: string;
  status?: string;
  json_result?: string;
}

export type CallbackOutcome = { ok: true; attempts: number; httpStatus: number } | { ok: false; attempts: number; error: string };

async function attempt(spec: CallbackSpec, payload: CallbackPayload, timeoutMs: number): Promise<number> {
  const form = new URLSearchParams(Object.entries(payload).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const signal = AbortSignal.timeout(timeoutMs);
  if (spec.method === 'GET') {
    const url = new URL(spec.url);
    for (const [k, v] of form) url.searchParams.set(k, v);
    const res = await fetch(url, { method: 'GET', signal });
    await res.arrayBuffer();
    return res.status;
  }
  const res = await fetch(spec.url, { method: spec.method, body: form, signal });
  await res.arrayBuffer();
  return res.status;
}

/** Resolves (never rejects) with the outcome; callers do not await it on the job path. */
export async function deliverCallback(spec: CallbackSpec, payload: CallbackPayload, policy: CallbackPolicy = CALLBACK_POLICY): Promise<CallbackOutcome> {
  let lastError = '';
  for (let i = 0; i <= policy.retries; i++) {
    try {
      const httpStatus = await attempt(spec, payload, policy.timeoutMs);
      if (httpStatus < 500) return { ok: true, attempts: i + 1, httpStatus };
      lastError = `HTTP ${httpStatus}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (i < policy.retries) await new Promise((resolve) => setTimeout(resolve, policy.retryDelayMs * (i + 1)));
  }
  return { ok: false, attempts: policy.retries + 1, error: lastError };
}

/** Fire and forget from an engine: the job's completion never waits for it. */
export function fireCallback(spec: CallbackSpec, payload: CallbackPayload, log: (line: string) => void, policy: CallbackPolicy = CALLBACK_POLICY): void {
  void deliverCallback(spec, payload, policy).then((outcome) => {
    if (!outcome.ok) log(`callback for ${payload.jobid} to ${spec.url} failed after ${outcome.attempts} attempts: ${outcome.error}`);
  });
}

export function callbackSpecOf(row: { callback_url: string | null; callback_method: string | null; callback_detailed: boolean | number }): CallbackSpec | null {
  if (!row.callback_url) return null;
  const method = (row.callback_method ?? 'POST').toUpperCase();
  if (method !== 'POST' && method !== 'GET' && method !== 'PUT') return null;
  return { url: row.callback_url, method, detailed: Boolean(row.callback_detailed) };
}
