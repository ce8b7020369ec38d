/**
 * The simulated work every target's engines run, so that legacy and the new
 * backends do the same job (LEGACY.md "Engine, per job": `helloworld` sleeps
 * `time_` seconds). Durations in `kwargs.time_` are production seconds; the
 * engine multiplies them by the run's scale.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonValue } from './json.ts';
import type { JobRequest } from './job-service.ts';

export interface ActionOutcome {
  execStatus: 'completed' | 'exception';
  jsonResult: JsonValue;
}

/** Production seconds the action would take (`kwargs.time_`, default 0). */
export function actionSeconds(request: Pick<JobRequest, 'kwargs'>): number {
  const t = request.kwargs.time_;
  return typeof t === 'number' && Number.isFinite(t) && t > 0 ? t : 0;
}

export async function runSimulatedAction(request: Pick<JobRequest, 'action' | 'kwargs'>, scale: number): Promise<ActionOutcome> {
  const ms = actionSeconds(request) * 1000 * scale;
  if (ms > 0) await sleep(ms);
  const echo = request.kwargs.echo ?? null;
  switch (request.action) {
    case 'helloworld':
      return { execStatus: 'completed', jsonResult: { helloworld: true, echo } };
    case 'exception':
      return { execStatus: 'exception', jsonResult: { exception: 'simulated failure (action "exception")' } };
    default:
      return { execStatus: 'exception', jsonResult: { exception: `no such action ${JSON.stringify(request.action)}` } };
  }
}
