/**
 * Starts the legacy-sim processes (WBIA `JobBackend.initialize_background_processes`),
 * waits until each is ready, and stops them all: SIGTERM, then SIGKILL after
 * a grace. No orphans: children exit when their IPC channel disconnects, and
 * this process kills any that are left when it exits.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ChildToParent, ParentToChild } from './processes/ipc.ts';
import type { CollectorStats } from './collector/stats.ts';

export interface ComponentSpec {
  /** `collect-queue`, `collector`, `engine-queue`, `engine.fast.0`, … */
  name: string;
  /** Module path (file: URL) of the process entry. */
  module: URL;
  config: unknown;
}

export class SupervisorError extends Error {
  readonly code = 'E_LEGACY_SUPERVISOR';
}

const TSX_LOADER = import.meta.resolve('tsx');
const STOP_GRACE_MS = 2_000;

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<void>;
  exitCode: number | null;
  paused: boolean;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export class Supervisor {
  private readonly children = new Map<string, Child>();
  private nextRequestId = 1;
  private readonly pending = new Map<number, (message: ChildToParent) => void>();
  private stopped = false;

  private constructor(private readonly log: (line: string) => void) {}

  static async start(specs: ComponentSpec[], log: (line: string) => void, readyTimeoutMs = 30_000): Promise<Supervisor> {
    installExitHook();
    const supervisor = new Supervisor(log);
    try {
      await Promise.all(specs.map((spec) => supervisor.spawn(spec, readyTimeoutMs)));
    } catch (error) {
      await supervisor.stop();
      throw error;
    }
    return supervisor;
  }

  private spawn(spec: ComponentSpec, readyTimeoutMs: number): Promise<void> {
    const child = fork(spec.module, [JSON.stringify(spec.config)], {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    live.add(child);
    const entry: Child = {
      name: spec.name,
      process: child,
      exitCode: null,
      paused: false,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          live.delete(child);
          entry.exitCode = code ?? (signal ? 128 : 0);
          if (!this.stopped) this.log(`legacy-sim: ${spec.name} exited (code ${code}, signal ${signal})`);
          resolve();
        });
      }),
    };
    this.children.set(spec.name, entry);
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => this.log(line));
    child.on('message', (raw) => {
      const message = raw as ChildToParent;
      if ((message.type === 'stats' || message.type === 'reset-stats') && this.pending.has(message.requestId)) {
        this.pending.get(message.requestId)!(message);
        this.pending.delete(message.requestId);
      }
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new SupervisorError(`${spec.name} not ready after ${readyTimeoutMs} ms`)), readyTimeoutMs);
      const onMessage = (raw: unknown) => {
        if ((raw as ChildToParent).type === 'ready') {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new SupervisorError(`${spec.name} exited during start-up (code ${code})`));
      });
    });
  }

  components(): string[] {
    return [...this.children.keys()];
  }

  pid(name: string): number | undefined {
    return this.children.get(name)?.process.pid;
  }

  isAlive(name: string): boolean {
    const c = this.children.get(name);
    return c !== undefined && c.exitCode === null;
  }

  private child(name: string): Child {
    const c = this.children.get(name);
    if (!c) throw new SupervisorError(`unknown component "${name}"; valid: ${this.components().join(', ')}`);
    return c;
  }

  /** Resolves with the exit code when the component has exited. */
  async exited(name: string): Promise<number> {
    const c = this.child(name);
    await c.exited;
    return c.exitCode ?? 0;
  }

  /** SIGSTOP for `durationMs`, then SIGCONT; resolves when it runs again. */
  async pause(name: string, durationMs: number): Promise<void> {
    const c = this.child(name);
    if (c.exitCode !== null) return;
    c.paused = true;
    c.process.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    if (c.exitCode === null) c.process.kill('SIGCONT');
    c.paused = false;
  }

  async kill(name: string): Promise<void> {
    const c = this.child(name);
    if (c.exitCode !== null) return;
    c.process.kill('SIGKILL');
    await c.exited;
  }

  /** The collector's own stats, over IPC. */
  collectorStats(): Promise<CollectorStats | null> {
    return this.ask('collector', 'stats').then((m) => (m && m.type === 'stats' ? m.stats : null));
  }

  async resetCollectorStats(): Promise<void> {
    await this.ask('collector', 'reset-stats');
  }

  private ask(name: string, type: ParentToChild['type']): Promise<ChildToParent | null> {
    const c = this.children.get(name);
    if (!c || c.exitCode !== null || c.paused || !c.process.connected) return Promise.resolve(null);
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(null);
      }, 10_000);
      this.pending.set(requestId, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      c.process.send({ type, requestId } satisfies ParentToChild);
    });
  }

  /** SIGTERM every child, SIGKILL the ones still there after the grace. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.children.values()].filter((c) => c.exitCode === null);
    for (const c of all) {
      try {
        c.process.kill('SIGCONT');
        c.process.kill('SIGTERM');
      } catch {
        // gone
      }
    }
    await Promise.all(
      all.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
        });
        const outcome = await Promise.race([c.exited.then(() => 'done' as const), grace]);
        clearTimeout(timer);
        if (outcome === 'late') {
          c.process.kill('SIGKILL');
          await c.exited;
        }
      }),
    );
  }
}
