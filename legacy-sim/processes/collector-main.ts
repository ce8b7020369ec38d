/**
 * The collector process (WBIA `collector_loop`): ROUTER *connect* to
 * `collect_push_url`, identity `collect.ROUTER`; recv → handle → reply,
 * one at a time, forever. After every reply: the per-reply cost
 * (gc.collect + print; constants.ts) as CPU work on this one thread.
 */
import { Router } from 'zeromq';
import type { PortDict } from '../ports.ts';
import type { CollectorOptions } from '../options.ts';
import { scaled } from '../constants.ts';
import { ShelveStore } from '../store/shelve.ts';
import { busySpin } from '../store/block.ts';
import { BlockingCallback } from '../collector/callback.ts';
import { Collector } from '../collector/collector.ts';
import { StatsRecorder } from '../collector/stats.ts';
import { childConfig, installLifecycle, onParentMessage, send } from './child.ts';

interface Config {
  ports: PortDict;
  options: CollectorOptions;
}

const { ports, options } = childConfig<Config>();
const log = (line: string) => process.stderr.write(`[collect] ${line}\n`);
const store = new ShelveStore({ scale: options.scale, fsync: options.fsync, latencyMs: options.shelveLatencyMs });
const callback = await BlockingCallback.start();
const collector = new Collector({
  shelvesDir: options.shelvesDir,
  store,
  statusCache: options.statusCache,
  fsync: options.fsync,
  callback: (url, method, data) => callback.call(url, method, data),
  log: options.printRequests ? log : () => undefined,
});
const stats = new StatsRecorder();
const perReplyMs = scaled(options.perReplyCostMs, options.scale);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const KNOWN_ACTIONS = new Set(['notification', 'register', 'metadata', 'store', 'job_status', 'job_status_dict', 'job_id_list', 'job_input', 'job_result']);

const router = new Router({ routingId: 'collect.ROUTER', linger: 0 });
router.connect(ports.collect_push_url);

installLifecycle(() => {
  callback.close();
  router.close();
});

onParentMessage((message) => {
  if (message.type === 'stats') {
    send({ type: 'stats', requestId: message.requestId, stats: stats.snapshot(performance.now(), { knownJobs: collector.knownJobs, shelve: { ...store.counters } }) });
  } else if (message.type === 'reset-stats') {
    stats.reset();
    send({ type: 'reset-stats', requestId: message.requestId });
  }
});

/** LEGACY.md: a frame that is not JSON kills the real collector (parsed outside the handler's try). */
function badFrame(why: string): void {
  stats.badFrames += 1;
  log(`malformed message (${why})`);
  if (options.crashOnBadFrame) {
    log('crashOnBadFrame: exiting as the real collector does');
    process.exit(1);
  }
}

send({ type: 'ready', component: 'collector' });

for await (const frames of router) {
  const startMs = performance.now();
  stats.arrival(startMs);
  // rcv_multipart_json(num=2): two identity frames, the payload is frame 2, later frames ignored.
  const idents = frames.slice(0, 2);
  let request: unknown = undefined;
  let parsed = false;
  if (frames.length < 3) {
    badFrame(`${frames.length} frames`);
  } else {
    try {
      request = JSON.parse(utf8.decode(frames[2]));
      parsed = true;
    } catch {
      badFrame('payload is not UTF-8 JSON');
    }
  }
  let reply: object = {};
  const named = parsed && typeof request === 'object' && request !== null ? (request as { action?: unknown }).action : undefined;
  // Stats keys: the known actions only, so made-up action names cannot grow the table.
  const action = !parsed ? '(malformed)' : typeof named === 'string' && KNOWN_ACTIONS.has(named) ? named : '(unknown)';
  if (parsed) {
    if (options.printRequests) log(`on_collect_request ${JSON.stringify(request).slice(0, 200)}`);
    try {
      reply = collector.handle(request);
    } catch (error) {
      stats.handlerErrors += 1;
      log(`ERROR in collection: ${(error as Error).message}`);
      reply = {};
    }
  }
  const handlerUs = (performance.now() - startMs) * 1000;
  // Survive by default: answer {} when there is someone to answer.
  if (idents.length === 2) await router.send([...idents, JSON.stringify(reply)]);
  busySpin(perReplyMs);
  const doneMs = performance.now();
  stats.record(action, (doneMs - startMs) * 1000, handlerUs, doneMs);
}
