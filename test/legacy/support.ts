/** Helpers for the legacy-sim tests: start a small engine, raw DEALERs, in-thread JobServices. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Dealer } from 'zeromq';
import type { JobService } from '../../harness/contract/job-service.ts';
import type { JsonObject } from '../../harness/contract/json.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { LegacySimOptions } from '../../legacy-sim/options.ts';
import { startLegacy } from '../../legacy-sim/target.ts';
import type { LegacyHandle } from '../../legacy-sim/target.ts';
import { LegacyJobInterface } from '../../legacy-sim/web/job-interface.ts';
import type { LegacyConnectionInfo } from '../../legacy-sim/web/job-interface.ts';
import { SocketOwner } from '../../legacy-sim/web/socket-owner.ts';

export interface TestEngine {
  handle: LegacyHandle;
  runDir: string;
  lines: string[];
  service(): JobService;
  stop(): Promise<void>;
}

export async function startTestEngine(name: string, opts: { scale: number; historicalJobs?: number; options?: Partial<LegacySimOptions>; engines?: { fast: number; slow: number } }): Promise<TestEngine> {
  const runDir = mkdtempSync(join(tmpdir(), `legacy-test-${name}-`));
  const lines: string[] = [];
  const handle = await startLegacy(
    { name, summary: 'test', options: opts.options },
    {
      runId: name,
      runDir,
      scale: opts.scale,
      durability: 'relaxed',
      seed: 7,
      historicalJobs: opts.historicalJobs ?? 0,
      threads: 16,
      engines: opts.engines ?? { fast: 1, slow: 1 },
      log: (line) => lines.push(line),
    },
  );
  const gate = PrometheusGate.create(handle.heartbeatPolicy);
  const services: JobService[] = [];
  return {
    handle,
    runDir,
    lines,
    service() {
      const c = handle.connection(services.length);
      const s = new LegacyJobInterface(c.info as LegacyConnectionInfo, gate);
      services.push(s);
      return s;
    },
    async stop() {
      await Promise.all(services.map((s) => s.close()));
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** A second web process on the same engine: its own DEALERs (`client<id>.*`), its own switches. */
export function extraWebProcess(engine: TestEngine, clientId: number, receiveTimeoutMs: number, rebuildSocketOnTimeout: boolean): { owner: SocketOwner; service: () => LegacyJobInterface } {
  const owner = new SocketOwner({ ports: engine.handle.ports, clientId, receiveTimeoutMs, rebuildSocketOnTimeout });
  const collectLock = new SharedArrayBuffer(4);
  const engineLock = new SharedArrayBuffer(4);
  const gate = PrometheusGate.create(engine.handle.heartbeatPolicy);
  return {
    owner,
    service() {
      const channel = new MessageChannel();
      owner.attach(channel.port1);
      const info: LegacyConnectionInfo = { port: channel.port2, collectLock, engineLock, shelvesDir: engine.handle.shelvesDir, fsync: false };
      return new LegacyJobInterface(info, gate);
    },
  };
}

/** A plain zeromq DEALER, as a pyzmq client of the real WBIA would use. */
export class RawClient {
  readonly socket: Dealer;
  constructor(url: string, identity: string, receiveTimeoutMs = 10_000) {
    this.socket = new Dealer({ routingId: identity, linger: 0, receiveTimeout: receiveTimeoutMs });
    this.socket.connect(url);
  }

  async sendFrames(frames: (string | Buffer)[]): Promise<void> {
    await this.socket.send(frames);
  }

  async receiveJson(): Promise<JsonObject> {
    const frames = await this.socket.receive();
    assertOneFrame(frames);
    return JSON.parse(frames[0].toString('utf8')) as JsonObject;
  }

  async ask(message: unknown): Promise<JsonObject> {
    await this.socket.send(JSON.stringify(message));
    return this.receiveJson();
  }

  close(): void {
    this.socket.close();
  }
}

function assertOneFrame(frames: Buffer[]): void {
  if (frames.length !== 1) throw new Error(`expected one frame, got ${frames.length}`);
}
