/** Read and check one results.json; every failure is a ReportInputError. */
import { readFile } from 'node:fs/promises';
import type { ResultsFile } from '../results/types.ts';
import { ReportInputError } from './errors.ts';
import { validateResults } from './validate.ts';

export async function loadResults(path: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportInputError('', `cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${String(error)}`}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError('', `${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return validateResults(value);
  } catch (error) {
    if (error instanceof ReportInputError) throw new ReportInputError(error.where, `${error.detail} (in ${path})`);
    throw error;
  }
}
