/**
 * `JobBackend`: the port dict plus the five kinds of process of LEGACY.md
 * "Processes and sockets" (the web side lives in web/).
 */
import { mkdirSync } from 'node:fs';
import type { CollectorOptions } from './options.ts';
import { makePortDict } from './ports.ts';
import type { PortDict } from './ports.ts';
import { Supervisor } from './supervisor.ts';
import type { ComponentSpec } from './supervisor.ts';

export interface BackendOptions {
  staticPorts: boolean;
  engines: { fast: number; slow: number };
  collector: CollectorOptions;
  log: (line: string) => void;
}

export interface Backend {
  ports: PortDict;
  supervisor: Supervisor;
}

const processModule = (file: string) => new URL(`./processes/${file}`, import.meta.url);

export async function startBackend(options: BackendOptions): Promise<Backend> {
  mkdirSync(options.collector.shelvesDir, { recursive: true });
  const ports = await makePortDict(options.staticPorts);
  const specs: ComponentSpec[] = [
    { name: 'engine-queue', module: processModule('engine-queue-main.ts'), config: { ports } },
    { name: 'collect-queue', module: processModule('collect-queue-main.ts'), config: { ports } },
    { name: 'collector', module: processModule('collector-main.ts'), config: { ports, options: options.collector } },
  ];
  for (const lane of ['fast', 'slow'] as const) {
    for (let index = 0; index < options.engines[lane]; index += 1) {
      specs.push({ name: `engine.${lane}.${index}`, module: processModule('engine-main.ts'), config: { ports, lane, index, scale: options.collector.scale } });
    }
  }
  const supervisor = await Supervisor.start(specs, options.log);
  return { ports, supervisor };
}
