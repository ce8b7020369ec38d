/**
 * Errors of the report writer, each with a stable `code` (checked by code,
 * never by message text). The CLI maps both to exit status 2.
 */

/** results.json is missing, not JSON, or not the shape harness/results/types.ts declares. */
export class ReportInputError extends Error {
  readonly code = 'E_REPORT_INPUT';
  /** Where in the input the problem is, e.g. `targets[1].ops.heartbeat.histogram`. */
  readonly where: string;
  /** The message without `where`. */
  readonly detail: string;
  constructor(where: string, detail: string) {
    super(where ? `${where}: ${detail}` : detail);
    this.name = 'ReportInputError';
    this.where = where;
    this.detail = detail;
  }
}

/** The command line asks for something the CLI does not do. */
export class ReportUsageError extends Error {
  readonly code = 'E_REPORT_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'ReportUsageError';
  }
}
