/** BullMQ job states → WBIA statuses (LEGACY.md "Status lifecycle of a job"). */
import type { JobStatus } from '../../harness/contract/job-service.ts';

/**
 * `publishing` has no BullMQ state (the job is `active` until the processor
 * returns), so the bullmq-state variant never shows it. A job whose record
 * exists but that BullMQ does not know yet was received but not yet added.
 */
export function statusOfState(state: string, recordExists: boolean): JobStatus | null {
  switch (state) {
    case 'completed':
      return 'completed';
    case 'failed':
      return 'exception';
    case 'active':
      return 'working';
    case 'waiting':
    case 'prioritized':
    case 'delayed':
    case 'waiting-children':
      return 'queued';
    default:
      return recordExists ? 'received' : null;
  }
}
