/**
 * The socket-owner: the web process's two DEALERs (identities
 * `client<id>.collect.DEALER`, `client<id>.engine.DEALER`; WBIA
 * `JobInterface.initialize_client_thread`), shared by every web thread.
 * Threads reach it through MessagePorts; `_collect_lock`/`_engine_lock` are
 * taken by the threads themselves (shared-mutex.ts), so normally one request
 * per socket is in flight. A timed-out request's reply is still coming: the
 * owner keeps a FIFO of outstanding requests per socket, and a reply that
 * belongs to an earlier request is handed to the current caller (as WBIA's
 * `recv_json` would) and flagged `wrongReply`. After a timeout the DEALER is
 * closed and rebuilt (WBIA does), unless `rebuildSocketOnTimeout` is off.
 */
import type { MessagePort } from 'node:worker_threads';
import { Dealer } from 'zeromq';
import type { PortDict } from '../ports.ts';
import type { OwnerRequest, OwnerResponse, SocketName } from './protocol.ts';
import { replyFits } from './reply-shape.ts';

export interface SocketOwnerOptions {
  ports: PortDict;
  clientId: number;
  /** RCVTIMEO × scale. */
  receiveTimeoutMs: number;
  rebuildSocketOnTimeout: boolean;
}

export interface OwnerCounters {
  requests: number;
  timeouts: number;
  rebuilds: number;
  wrongReplies: number;
}

interface Outstanding {
  id: number;
  payload: string;
}

class Channel {
  dealer: Dealer;
  /** Sent, not yet answered, oldest first. */
  fifo: Outstanding[] = [];
  /** Requests run one at a time per socket, as under the thread lock. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly name: SocketName,
    private readonly identity: string,
    private readonly url: string,
  ) {
    this.dealer = this.make();
  }

  private make(): Dealer {
    const dealer = new Dealer({ routingId: this.identity, linger: 0 });
    dealer.connect(this.url);
    return dealer;
  }

  rebuild(): void {
    this.dealer.close();
    this.dealer = this.make();
    this.fifo = [];
  }

  serialise<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  get socket(): SocketName {
    return this.name;
  }
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EAGAIN';
}

export class SocketOwner {
  readonly counters: OwnerCounters = { requests: 0, timeouts: 0, rebuilds: 0, wrongReplies: 0 };
  private readonly channels: Record<SocketName, Channel>;
  private readonly ports = new Set<MessagePort>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: SocketOwnerOptions) {
    const id = options.clientId;
    this.channels = {
      collect: new Channel('collect', `client${id}.collect.DEALER`, options.ports.collect_pull_url),
      engine: new Channel('engine', `client${id}.engine.DEALER`, options.ports.engine_pull_url),
    };
  }

  /** Serve one web thread's port. */
  attach(port: MessagePort): void {
    this.ports.add(port);
    port.on('message', (message: OwnerRequest) => {
      void this.request(message.socket, message.payload, message.id)
        .catch((error: unknown): OwnerResponse => ({ type: 'failed', id: message.id, message: (error as Error).message }))
        .then((response) => {
          if (this.ports.has(port)) port.postMessage(response);
        });
    });
    port.on('close', () => this.ports.delete(port));
  }

  /** One send → recv on a shared DEALER; also used directly by start-up registration. */
  request(socket: SocketName, payload: string, id = -this.nextId++, timeoutMs = this.options.receiveTimeoutMs): Promise<OwnerResponse> {
    const channel = this.channels[socket];
    return channel.serialise(() => this.roundTrip(channel, payload, id, timeoutMs));
  }

  private async roundTrip(channel: Channel, payload: string, id: number, timeoutMs: number): Promise<OwnerResponse> {
    if (this.closed) return { type: 'closed', id };
    this.counters.requests += 1;
    const startMs = performance.now();
    const dealer = channel.dealer;
    try {
      // pyzmq would block here for good once the pipe is full (peer gone, HWM reached);
      // we give up after the receive timeout instead, so a harness run always ends.
      dealer.sendTimeout = Math.max(1, Math.ceil(timeoutMs));
      await dealer.send(payload);
    } catch (error) {
      if (this.closed) return { type: 'closed', id };
      if (!isTimeout(error)) throw error;
      this.counters.timeouts += 1;
      return { type: 'timeout', id, waitedMs: performance.now() - startMs, rebuilt: false };
    }
    channel.fifo.push({ id, payload });
    while (true) {
      const remainingMs = timeoutMs - (performance.now() - startMs);
      let frames: Buffer[];
      try {
        if (remainingMs <= 0) throw Object.assign(new Error('timeout'), { code: 'EAGAIN' });
        dealer.receiveTimeout = Math.max(1, Math.ceil(remainingMs));
        frames = await dealer.receive();
      } catch (error) {
        if (this.closed) return { type: 'closed', id };
        if (!isTimeout(error)) throw error;
        this.counters.timeouts += 1;
        let rebuilt = false;
        if (this.options.rebuildSocketOnTimeout) {
          channel.rebuild();
          this.counters.rebuilds += 1;
          rebuilt = true;
        }
        return { type: 'timeout', id, waitedMs: performance.now() - startMs, rebuilt };
      }
      const text = frames[frames.length - 1].toString('utf8');
      const head = channel.fifo[0];
      if (head === undefined) continue; // nothing outstanding: a stray, drop it
      if (head.id !== id) {
        // The reply to an earlier, timed-out request answers this one (WBIA's hazard).
        channel.fifo.shift();
        this.counters.wrongReplies += 1;
        return { type: 'reply', id, payload: text, wrongReply: true };
      }
      if (!replyFits(channel.socket, payload, text)) {
        // A late reply the FIFO cannot attribute (it reached a rebuilt socket):
        // ours is still to come, so this request stays outstanding.
        this.counters.wrongReplies += 1;
        return { type: 'reply', id, payload: text, wrongReply: true };
      }
      channel.fifo.shift();
      return { type: 'reply', id, payload: text, wrongReply: false };
    }
  }

  close(): void {
    this.closed = true;
    for (const port of this.ports) port.close();
    this.ports.clear();
    this.channels.collect.dealer.close();
    this.channels.engine.dealer.close();
  }
}
