/** The ledger's one-line verdict: "nothing lost" is shown only when proven by the counts. */
import type { Ledger } from '../results/types.ts';

export function ledgerVerdict(ledger: Ledger): { ok: boolean; text: string } {
  if (ledger.lost === 0 && ledger.duplicated === 0) {
    return { ok: true, text: `nothing lost, nothing duplicated (${ledger.submitted} submitted, ${ledger.pending} still pending)` };
  }
  const parts: string[] = [];
  if (ledger.lost > 0) parts.push(`${ledger.lost} LOST`);
  if (ledger.duplicated > 0) parts.push(`${ledger.duplicated} DUPLICATED`);
  return { ok: false, text: `${parts.join(', ')} of ${ledger.submitted} submitted` };
}
