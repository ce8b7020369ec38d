/**
 * The parent side of a backend's engines: `engines.fast` + `engines.slow`
 * child processes (`child_process.fork` with tsx), each told its lane and
 * index, each ready before `start` resolves. Children exit when the IPC
 * channel closes (see engine-child.ts), so a dying harness leaves no orphans.
 * Also the engines' fault hooks: pause (SIGSTOP/SIGCONT) and kill.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Lane } from '../../harness/contract/job-service.ts';
import { LANES } from '../../harness/contract/job-service.ts';
import { TargetStartError } from '../../harness/contract/target.ts';
import type { FaultHooks } from '../../harness/contract/target.ts';
import { isFromEngine } from './engine-protocol.ts';
import type { ToEngine } from './engine-protocol.ts';

export interface FleetOptions {
  target: string;
  /** Absolute path of the engine entry module. */
  entry: string;
  /** Structured-clonable configuration every engine receives. */
  config: unknown;
  engines: { fast: number; slow: number };
  log: (line: string) => void;
  readyTimeoutMs?: number;
}

const TSX_IMPORT = import.meta.resolve('tsx');
const STOP_GRACE_MS = 3000;

interface Engine {
  name: string;
  child: ChildProcess;
  paused: boolean;
}

export class UnknownComponentError extends Error {
  readonly code = 'E_UNKNOWN_COMPONENT';
  constructor(component: string, known: string[]) {
    super(`unknown component "${component}"; known: ${known.join(', ')}`);
    this.name = 'UnknownComponentError';
  }
}

/** Pausing or killing a server other runs share is refused, with the reason. */
export class SharedServerFaultError extends Error {
  readonly code = 'E_SHARED_SERVER_FAULT';
  constructor(target: string, server: string) {
    super(`${target}: pausing or killing the ${server} server is not offered: it is shared with other runs and tests; fault the engines instead`);
    this.name = 'SharedServerFaultError';
  }
}

export class EngineFleet {
  private readonly engines = new Map<string, Engine>();
  private stopped = false;

  private constructor(private readonly options: FleetOptions) {}

  static async start(options: FleetOptions): Promise<EngineFleet> {
    const fleet = new EngineFleet(options);
    const ready: Promise<void>[] = [];
    for (const lane of LANES) {
      for (let index = 0; index < options.engines[lane]; index++) ready.push(fleet.spawn(lane, index));
    }
    const results = await Promise.allSettled(ready);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await fleet.stop();
      throw failure.reason instanceof TargetStartError ? failure.reason : new TargetStartError(options.target, String(failure.reason));
    }
    return fleet;
  }

  private spawn(lane: Lane, index: number): Promise<void> {
    const name = `engine.${lane}.${index}`;
    const child = fork(this.options.entry, [], { execArgv: ['--import', TSX_IMPORT], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.engines.set(name, { name, child, paused: false });
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    return new Promise<void>((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        reject(new TargetStartError(this.options.target, `${name} ${why}`));
      };
      const timer = setTimeout(() => fail(`was not ready after ${timeoutMs} ms`), timeoutMs);
      const onExit = (code: number | null, signal: string | null) => fail(`exited during start-up (code ${code}, signal ${signal})`);
      const onMessage = (message: unknown) => {
        if (!isFromEngine(message)) return;
        if (message.type === 'ready') {
          cleanup();
          resolve();
        } else if (message.type === 'failed') {
          fail(`failed to start: ${message.message}`);
        }
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onMessage);
      };
      child.on('message', (message: unknown) => {
        if (isFromEngine(message) && message.type === 'log') this.options.log(`${name}: ${message.line}`);
      });
      child.on('message', onMessage);
      child.once('exit', onExit);
      const start: ToEngine = { type: 'start', lane, index, config: this.options.config };
      child.send(start);
    });
  }

  components(): string[] {
    return [...this.engines.keys()];
  }

  /**
   * The target's fault hooks: its engines. `sharedServer` names the server
   * (e.g. 'PostgreSQL') of a target whose server other runs share: faulting
   * `server` is then refused with SharedServerFaultError.
   */
  faultHooks(sharedServer?: string): FaultHooks {
    const refuseServer = (component: string) => {
      if (sharedServer && component === 'server') throw new SharedServerFaultError(this.options.target, sharedServer);
    };
    return {
      components: () => this.components(),
      pause: async (component, durationMs) => {
        refuseServer(component);
        await this.pause(component, durationMs);
      },
      kill: async (component) => {
        refuseServer(component);
        await this.kill(component);
      },
    };
  }

  private engine(component: string): Engine {
    const engine = this.engines.get(component);
    if (!engine) throw new UnknownComponentError(component, this.components());
    return engine;
  }

  async pause(component: string, durationMs: number): Promise<void> {
    const engine = this.engine(component);
    if (engine.child.exitCode !== null || engine.child.signalCode !== null) return;
    engine.paused = true;
    engine.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    if (engine.paused) engine.child.kill('SIGCONT');
    engine.paused = false;
  }

  async kill(component: string): Promise<void> {
    const engine = this.engine(component);
    await this.terminate(engine, 0);
  }

  private async terminate(engine: Engine, graceMs: number): Promise<void> {
    const { child } = engine;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    if (engine.paused) {
      child.kill('SIGCONT');
      engine.paused = false;
    }
    if (graceMs > 0 && child.connected) {
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      return;
    }
    child.kill('SIGKILL');
    await exited;
  }

  /** Disconnect every engine (they finish and exit), SIGKILL any still there after the grace time. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.engines.values()].map((e) => this.terminate(e, STOP_GRACE_MS)));
  }
}
