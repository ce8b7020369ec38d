/**
 * The engine queue (WBIA `engine_queue_loop`; LEGACY.md "Engine queue, per
 * new job"): ROUTER bind `engine_pull_url`, one DEALER bind per lane, a
 * DEALER connect to `collect_pull_url` it never reads (fire and forget).
 */
import { randomUUID } from 'node:crypto';
import { Dealer, Router } from 'zeromq';
import type { PortDict } from '../ports.ts';
import { lanePushKey } from '../ports.ts';
import { timestamp } from '../timestamps.ts';
import type { JsonObject, JsonValue } from '../../harness/contract/json.ts';
import { childConfig, installLifecycle, send } from './child.ts';

type LaneName = 'fast' | 'slow';
const LANE_NAMES: readonly LaneName[] = ['fast', 'slow'];

const { ports } = childConfig<{ ports: PortDict }>();
const log = (line: string) => process.stderr.write(`[engine_queue] ${line}\n`);

const receive = new Router({ routingId: 'special_queue.engine.ROUTER', linger: 0 });
await receive.bind(ports.engine_pull_url);
const lanes = new Map<LaneName, Dealer>();
for (const lane of LANE_NAMES) {
  const dealer = new Dealer({ routingId: `special_queue.${lane}.engine.DEALER`, linger: 0 });
  await dealer.bind(ports[lanePushKey(lane)]);
  lanes.set(lane, dealer);
}
const collect = new Dealer({ routingId: 'engine_queue.collect.DEALER', linger: 0 });
collect.connect(ports.collect_pull_url);

installLifecycle(() => {
  receive.close();
  for (const d of lanes.values()) d.close();
  collect.close();
});
send({ type: 'ready', component: 'engine-queue' });

const toCollector = (message: JsonObject) => collect.send(JSON.stringify(message));
const utf8 = new TextDecoder('utf-8', { fatal: true });

// "always start at 0"
let globalJobcounter = 0;

for await (const frames of receive) {
  // rcv_multipart_json(num=1): one identity frame, then the payload.
  if (frames.length < 2) {
    log(`malformed message (${frames.length} frames), dropped`);
    continue;
  }
  const idents = frames.slice(0, 1);
  let request: JsonObject;
  try {
    const value = JSON.parse(utf8.decode(frames[1])) as JsonValue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    request = value;
  } catch {
    log('malformed payload, dropped');
    continue;
  }
  const setJobcounter = request.__set_jobcounter__;
  if (setJobcounter !== undefined && setJobcounter !== null) {
    globalJobcounter = Number(setJobcounter);
    await receive.send([...idents, JSON.stringify({ jobcounter: globalJobcounter })]);
    continue;
  }
  let jobid: string = randomUUID();
  let jobcounter = globalJobcounter + 1;
  let received = timestamp();
  let lane = (request.lane ?? 'slow') as string;
  if (lane !== 'fast' && lane !== 'slow') {
    log(`WARNING: did not recognize desired lane ${JSON.stringify(lane)}; defaulting to slow lane`);
    lane = 'slow';
  }
  request.lane = lane;
  // Restarted jobs keep their jobid, jobcounter and received time.
  if (typeof request.restart_jobid === 'string') jobid = request.restart_jobid;
  if (typeof request.restart_jobcounter === 'number') jobcounter = request.restart_jobcounter;
  if (typeof request.restart_received === 'string') received = request.restart_received;

  const receivedNotify = { jobid, jobcounter, status: 'received', action: 'notification' };
  await toCollector(receivedNotify);
  await receive.send([...idents, JSON.stringify(receivedNotify)]);
  await toCollector({
    jobid,
    metadata: {
      jobcounter,
      action: request.action ?? null,
      args: request.args ?? [],
      kwargs: request.kwargs ?? {},
      callback_url: request.callback_url ?? null,
      callback_method: request.callback_method ?? null,
      callback_detailed: request.callback_detailed ?? false,
      request: request.request ?? {},
      times: { received, started: null, updated: null, completed: null, runtime: null, turnaround: null, runtime_sec: null, turnaround_sec: null },
      lane,
    },
    action: 'metadata',
  });
  globalJobcounter = jobcounter;
  await toCollector({ jobid, status: 'accepted', action: 'notification' });
  request.jobid = jobid;
  await lanes.get(lane as LaneName)!.send([...idents, JSON.stringify(request)]);
  await toCollector({ jobid, status: 'queued', action: 'notification' });
}
