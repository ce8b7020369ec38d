/**
 * Build a JobService from a target's `WorkerConnection` in this thread: import
 * the service module it names, check that it exports `createJobService` and
 * that what it builds is a JobService. Every place that connects a web
 * thread (driver, HTTP front, runner, benches, tests) goes through here.
 */
import { isJobService } from './job-service.ts';
import type { JobService, JobServiceFactory, ServiceContext } from './job-service.ts';

export class ServiceModuleError extends Error {
  readonly code = 'E_SERVICE_MODULE';
  constructor(serviceModule: string, problem: string) {
    super(`${serviceModule}: ${problem}`);
    this.name = 'ServiceModuleError';
  }
}

export async function loadJobService(serviceModule: string, info: unknown, context: ServiceContext): Promise<JobService> {
  const mod = (await import(serviceModule)) as { createJobService?: unknown };
  if (typeof mod.createJobService !== 'function') throw new ServiceModuleError(serviceModule, 'does not export createJobService');
  const service = await (mod.createJobService as JobServiceFactory)(info, context);
  if (!isJobService(service)) throw new ServiceModuleError(serviceModule, 'createJobService did not return a JobService');
  return service;
}
