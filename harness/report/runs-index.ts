/** reports/index.html: every run under the reports folder, newest first, with its verdict. */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultsFile } from '../results/types.ts';
import type { Comparison } from './shape/compare.ts';
import { escapeHtml as h, formatRatio } from './format.ts';
import { STYLES } from './html/styles.ts';
import { validateResults } from './validate.ts';

export interface RunEntry {
  dir: string;
  hasHtml: boolean;
  results: ResultsFile | null;
  /** Why results.json could not be read, when it could not. */
  problem: string | null;
  /** A comparison folder's comparison.json. */
  comparison: Comparison | null;
  modifiedMs: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function listRuns(reportsDir: string): Promise<RunEntry[]> {
  let names: string[];
  try {
    names = (await readdir(reportsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
  const entries: RunEntry[] = [];
  for (const dir of names) {
    const resultsPath = join(reportsDir, dir, 'results.json');
    const hasHtml = await exists(join(reportsDir, dir, 'index.html'));
    const hasResults = await exists(resultsPath);
    if (!hasHtml && !hasResults) continue;
    let results: ResultsFile | null = null;
    let problem: string | null = null;
    let modifiedMs = (await stat(join(reportsDir, dir))).mtimeMs;
    if (hasResults) {
      try {
        modifiedMs = (await stat(resultsPath)).mtimeMs;
        results = validateResults(JSON.parse(await readFile(resultsPath, 'utf8')));
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    let comparison: Comparison | null = null;
    if (!hasResults) {
      try {
        comparison = JSON.parse(await readFile(join(reportsDir, dir, 'comparison.json'), 'utf8')) as Comparison;
      } catch {
        problem = 'no results.json';
      }
    }
    entries.push({ dir, hasHtml, results, problem, modifiedMs, comparison });
  }
  const when = (e: RunEntry): number => (e.results ? Date.parse(e.results.createdAt) || e.modifiedMs : e.modifiedMs);
  return entries.sort((a, b) => when(b) - when(a) || a.dir.localeCompare(b.dir));
}

function row(e: RunEntry): string {
  const link = e.hasHtml ? `<a href="./${encodeURIComponent(e.dir)}/index.html">${h(e.dir)}</a>` : h(e.dir);
  if (e.comparison) {
    const c = e.comparison;
    const rows = Array.isArray(c.rows) ? c.rows : [];
    const better = rows.filter((r) => r.better === true).length;
    const worse = rows.filter((r) => r.better === false).length;
    return `<tr><td>${link}</td><td></td><td><b>comparison</b><br><span class="muted">candidate <code>${h(String(c.candidateRunId))}</code> against baseline <code>${h(String(c.baselineRunId))}</code></span></td><td><span class="good">${better} better</span>, <span class="bad">${worse} worse</span></td><td colspan="2"></td></tr>`;
  }
  if (!e.results) return `<tr><td>${link}</td><td colspan="5" class="muted">${h(e.problem ?? '')}</td></tr>`;
  const r = e.results;
  const failed = r.gates.filter((g) => !g.passed).length;
  const gates = r.gates.length === 0 ? '<span class="muted">none</span>' : failed === 0 ? `<span class="good">${r.gates.length} passed</span>` : `<span class="bad">${failed} of ${r.gates.length} failed</span>`;
  const targets = r.targets
    .map((t) => {
      if (t.error !== undefined) return `<span class="bad" title="${h(t.error)}">${h(t.name)} ✘</span>`;
      const measured = Object.values(t.ops).reduce((sum, x) => sum + (x?.count ?? 0), 0);
      return measured === 0 ? `<span class="bad" title="no operation measured">${h(t.name)} (nothing measured)</span>` : h(t.name);
    })
    .join(', ');
  const headline = r.headline ? `${h(formatRatio(r.headline.ratio))} <span class="muted">${h(r.headline.label)}</span>` : '';
  return `<tr><td>${link}</td><td class="num">${h(r.createdAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC'))}</td><td><b>${h(r.scenario.name)}</b><br><span class="muted">${h(r.scenario.question)}</span></td><td>${headline}</td><td>${gates}</td><td>${targets}</td></tr>`;
}

export function renderRunsIndex(entries: readonly RunEntry[]): string {
  const body =
    entries.length === 0
      ? '<p class="muted">No runs yet: <code>npm run scenario</code> writes them here.</p>'
      : `<table><thead><tr><th>run</th><th>created</th><th>scenario</th><th>headline</th><th>gates</th><th>targets</th></tr></thead><tbody>
${entries.map(row).join('\n')}
</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>convoy-harness runs</title><style>${STYLES}</style></head>
<body><main><h1>convoy-harness runs</h1><p class="caption">Every run under this folder, newest first. Open a run for its charts; its <code>summary.md</code> holds the same numbers as text.</p>
${body}
</main></body></html>
`;
}

/** Rewrite `reportsDir/index.html` from the runs found there. */
export async function writeRunsIndex(reportsDir: string): Promise<string> {
  const path = join(reportsDir, 'index.html');
  await writeFile(path, renderRunsIndex(await listRuns(reportsDir)));
  return path;
}
