/**
 * Errors a JobService may reject with. Each has a stable `code`; callers
 * branch on `code` or `instanceof`, never on message text.
 */
export type JobServiceErrorCode =
  | 'E_INVALID_JOBID'
  | 'E_TIMEOUT'
  | 'E_REMOTE'
  | 'E_UNAVAILABLE'
  | 'E_CLOSED';

export class JobServiceError extends Error {
  readonly code: JobServiceErrorCode;
  constructor(code: JobServiceErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The jobid failed validation (legacy collector: `status: "error"`). */
export class InvalidJobIdError extends JobServiceError {
  constructor(jobid: unknown) {
    super('E_INVALID_JOBID', `invalid jobid ${JSON.stringify(jobid)}`);
  }
}

/** No reply within the target's receive timeout (legacy: RCVTIMEO 120 s × scale). */
export class ServiceTimeoutError extends JobServiceError {
  readonly waitedMs: number;
  constructor(what: string, waitedMs: number) {
    super('E_TIMEOUT', `${what}: no reply after ${waitedMs.toFixed(0)} ms`);
    this.waitedMs = waitedMs;
  }
}

/** The engine answered, but with an error (legacy: `status: "error"` or `{}`). */
export class RemoteError extends JobServiceError {
  readonly reply: unknown;
  constructor(what: string, reply: unknown) {
    super('E_REMOTE', `${what}: engine answered with an error: ${JSON.stringify(reply)?.slice(0, 200)}`);
    this.reply = reply;
  }
}

/** The target's server or process cannot be reached. */
export class ServiceUnavailableError extends JobServiceError {
  constructor(message: string) {
    super('E_UNAVAILABLE', message);
  }
}

/** The service was used after close(). */
export class ServiceClosedError extends JobServiceError {
  constructor() {
    super('E_CLOSED', 'service is closed');
  }
}
/** Worker threads lose prototypes over postMessage; this survives it. */
export function errorCodeOf(value: unknown): JobServiceErrorCode | null {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E_')) return code as JobServiceErrorCode;
  }
  return null;
}
