/**
 * The HTTP front: a web process like WBIA's gunicorn (LEGACY.md "The web
 * side"). A Node `http` server on 127.0.0.1 reads each request and hands it
 * to a pool of worker threads (harness/http/thread-pool.ts), each holding its
 * own JobService built from the target's `connection(i)`; one PrometheusGate
 * is shared by all threads, as gunicorn threads share WBIA's module globals.
 * Every response carries the server-side split as `x-convoy-*` headers
 * (harness/http/headers.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PrometheusGate } from '../contract/prometheus-gate.ts';
import type { HeartbeatPolicy } from '../contract/prometheus-gate.ts';
import type { TargetHandle, WorkerConnection } from '../contract/target.ts';
import { errorEnvelope, okEnvelope } from './envelope.ts';
import { HEADER, emptySplit, splitHeaders } from './headers.ts';
import { PING_PATH } from './op-requests.ts';
import { FrontThreadPool } from './thread-pool.ts';
import type { PoolReply, ThreadPoolStats } from './thread-pool.ts';

/** WBIA runs gunicorn with 16 threads. */
export const DEFAULT_FRONT_THREADS = 16;
const MAX_BODY_BYTES = 1 << 20;

export interface FrontOptions {
  /** Worker threads, each with its own JobService (default 16). */
  threads?: number;
  /** Default 127.0.0.1; the front is for local load only. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The inner target's per-thread connection (`TargetHandle.connection`). */
  connection: (threadIndex: number) => WorkerConnection;
  /** Shared by every thread through one PrometheusGate. */
  heartbeatPolicy: HeartbeatPolicy;
  /** Requests allowed to wait for a free thread before 503 (default 100 000). */
  maxQueued?: number;
}

export interface Front {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly threads: number;
  stats(): ThreadPoolStats;
  /** Stop accepting, answer waiting requests 503, close every thread's service; idempotent. */
  stop(): Promise<void>;
}

export async function startFront(options: FrontOptions): Promise<Front> {
  const threads = options.threads ?? DEFAULT_FRONT_THREADS;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, not ${threads}`);
  const host = options.host ?? '127.0.0.1';
  const gate = PrometheusGate.create(options.heartbeatPolicy);
  const pool = await FrontThreadPool.start({
    threads,
    connection: options.connection,
    gate: gate.init,
    maxQueued: options.maxQueued ?? 100_000,
  });
  const server = createServer((req, res) => void onRequest(pool, req, res));
  // Longer than undici's keep-alive (4 s) so the client, not the server, ends idle sockets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  try {
    await listen(server, host, options.port ?? 0);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | null = null;
  return {
    origin: `http://${host}:${port}`,
    port,
    threads,
    stats: () => pool.stats(),
    stop: () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await pool.close();
        server.closeAllConnections();
        await closed;
      })();
      return stopping;
    },
  };
}

/** Convenience: a front over a started target. */
export function startFrontFor(handle: TargetHandle, options: Omit<FrontOptions, 'connection' | 'heartbeatPolicy'> = {}): Promise<Front> {
  return startFront({ ...options, connection: (i) => handle.connection(i), heartbeatPolicy: handle.heartbeatPolicy });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function onRequest(pool: FrontThreadPool, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let reply: PoolReply;
  // Not a WBIA route (op-requests.ts PING_PATH): answered here, without a worker thread.
  if (req.url === PING_PATH) {
    req.resume();
    const body = JSON.stringify(okEnvelope('pong'));
    res.writeHead(200, { ...splitHeaders(emptySplit()), 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  try {
    const body = await readBody(req);
    // The queue wait starts once the request is whole: reading it is not waiting for a thread.
    const arrivedMs = performance.now();
    const url = new URL(req.url ?? '/', 'http://front.invalid');
    reply = await pool.dispatch(
      { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), contentType: req.headers['content-type'], body },
      arrivedMs,
    );
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    const status = tooLarge ? 413 : 400;
    reply = {
      httpStatus: status,
      body: JSON.stringify(errorEnvelope(status, 'E_BAD_BODY', error instanceof Error ? error.message : String(error))),
      jobcounter: null,
      split: { ...emptySplit(), outcome: 'error' },
    };
  }
  if (res.destroyed) return;
  const headers = splitHeaders(reply.split);
  if (reply.jobcounter !== null) headers[HEADER.jobcounter] = String(reply.jobcounter);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.httpStatus, headers);
  res.end(reply.body);
}

class BodyTooLargeError extends Error {
  constructor() {
    super(`request body over ${MAX_BODY_BYTES} bytes`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
