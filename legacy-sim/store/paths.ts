/** File names of one job in the shelves folder (WBIA `get_shelve_filepaths`, `queue_job`). */
import { join } from 'node:path';

export interface JobPaths {
  input: string;
  output: string;
  record: string;
  runtimeLock: string;
}

export function jobPaths(shelvesDir: string, jobid: string): JobPaths {
  return {
    input: join(shelvesDir, `${jobid}.input.shelve`),
    output: join(shelvesDir, `${jobid}.output.shelve`),
    record: join(shelvesDir, `${jobid}.pkl`),
    runtimeLock: join(shelvesDir, `${jobid}.lock`),
  };
}
