/**
 * The collect queue (WBIA `collect_queue_loop`): ROUTER bind
 * `collect_pull_url` + DEALER bind `collect_push_url`, joined by a QUEUE
 * device (zeromq's Proxy).
 */
import { Dealer, Proxy, Router } from 'zeromq';
import type { PortDict } from '../ports.ts';
import { childConfig, installLifecycle, send } from './child.ts';

const { ports } = childConfig<{ ports: PortDict }>();
const front = new Router({ routingId: 'queue.collect.ROUTER', linger: 0 });
const back = new Dealer({ routingId: 'queue.collect.DEALER', linger: 0 });
await front.bind(ports.collect_pull_url);
await back.bind(ports.collect_push_url);
const proxy = new Proxy(front, back);
const running = proxy.run().catch(() => undefined);
// The proxy's thread must stop before the sockets close, or exit hangs in context termination.
installLifecycle(async () => {
  proxy.terminate();
  await running;
  front.close();
  back.close();
});
send({ type: 'ready', component: 'collect-queue' });
await running;
