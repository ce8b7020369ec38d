/**
 * One engine (WBIA `engine_loop`; LEGACY.md "Engine, per job"): ROUTER
 * connect `engine_<lane>_push_url`, identity `engine.<lane>.<i>`; DEALER
 * connect `collect_pull_url`, fire and forget. Four collector messages per
 * job: working, publishing, store, completed|exception.
 */
import { Dealer, Router } from 'zeromq';
import type { PortDict } from '../ports.ts';
import { lanePushKey } from '../ports.ts';
import type { JsonObject } from '../../harness/contract/json.ts';
import { runSimulatedAction } from '../../harness/contract/simulated-actions.ts';
import { childConfig, installLifecycle, send } from './child.ts';

interface Config {
  ports: PortDict;
  lane: 'fast' | 'slow';
  index: number;
  scale: number;
}

const { ports, lane, index, scale } = childConfig<Config>();
const name = `engine.${lane}.${index}`;
const log = (line: string) => process.stderr.write(`[${name}] ${line}\n`);

const work = new Router({ routingId: name, linger: 0 });
work.connect(ports[lanePushKey(lane)]);
const collect = new Dealer({ routingId: `${name}.collect.DEALER`, linger: 0 });
collect.connect(ports.collect_pull_url);
installLifecycle(() => {
  work.close();
  collect.close();
});
send({ type: 'ready', component: name });

const toCollector = (message: JsonObject) => collect.send(JSON.stringify(message));

for await (const frames of work) {
  // rcv_multipart_json(num=2): two identity frames (queue DEALER, client).
  if (frames.length < 3) {
    log(`malformed message (${frames.length} frames), dropped`);
    continue;
  }
  let request: JsonObject;
  try {
    request = JSON.parse(frames[2].toString('utf8')) as JsonObject;
  } catch {
    log('malformed payload, dropped');
    continue;
  }
  const jobid = String(request.jobid);
  await toCollector({ jobid, status: 'working', action: 'notification' });
  const action = typeof request.action === 'string' ? request.action : '';
  const kwargs = typeof request.kwargs === 'object' && request.kwargs !== null && !Array.isArray(request.kwargs) ? request.kwargs : {};
  const outcome = await runSimulatedAction({ action, kwargs }, scale);
  await toCollector({ jobid, status: 'publishing', action: 'notification' });
  await toCollector({
    action: 'store',
    jobid,
    // WBIA: json_result = ut.to_json(result), a JSON string.
    engine_result: { exec_status: outcome.execStatus, json_result: JSON.stringify(outcome.jsonResult), jobid },
    callback_url: request.callback_url ?? null,
    callback_method: request.callback_method ?? null,
    callback_detailed: request.callback_detailed ?? false,
  });
  await toCollector({ jobid, status: outcome.execStatus, action: 'notification' });
}
