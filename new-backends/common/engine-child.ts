/**
 * The child side of an engine process: wait for `start`, build the engine,
 * report `ready`; when the parent disconnects (stop, or the parent died),
 * stop the engine and exit, so no engine outlives its target.
 */
import type { Lane } from '../../harness/contract/job-service.ts';
import type { FromEngine } from './engine-protocol.ts';
import { isToEngine } from './engine-protocol.ts';

export interface EngineContext<C> {
  lane: Lane;
  index: number;
  config: C;
  log: (line: string) => void;
}

export interface RunningEngine {
  stop(): Promise<void>;
}

const EXIT_DEADLINE_MS = 2000;

function send(message: FromEngine): void {
  if (process.connected && process.send) process.send(message);
}

export function runEngineChild<C>(parseConfig: (config: unknown) => C, startEngine: (context: EngineContext<C>) => Promise<RunningEngine>): void {
  let running: RunningEngine | null = null;
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
    void (running ? running.stop() : Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('disconnect', () => exit(0));
  process.on('message', (message: unknown) => {
    if (!isToEngine(message) || running) return;
    const log = (line: string) => send({ type: 'log', line });
    void (async () => {
      try {
        running = await startEngine({ lane: message.lane, index: message.index, config: parseConfig(message.config), log });
        send({ type: 'ready' });
      } catch (error) {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        exit(1);
      }
    })();
  });
  if (!process.connected) exit(1);
}
