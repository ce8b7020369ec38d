/**
 * WBIA's response envelope (LEGACY.md "The web side";
 * wbia/control/controller_inject.py `translate_wbia_webreturn`):
 * `{"status": {"success", "code", "message", "cache"}, "response": ...}`.
 * WBIA fills `cache` with -1 when the response is not cached, and an error's
 * `response` with `{parameter?, value?, message}` (its WebInvalidInput);
 * we add `error_code`, the stable JobServiceError-style code.
 */
import type { JsonObject, JsonValue } from '../contract/json.ts';

export interface EnvelopeStatus {
  success: boolean;
  /** The HTTP status, repeated (WBIA puts its error code here). */
  code: number;
  message: string;
  cache: number;
}

export interface Envelope {
  status: EnvelopeStatus;
  response: JsonValue;
}

/** Codes in an error envelope's `response.error_code`. */
export type FrontErrorCode =
  | 'E_INVALID_JOBID'
  | 'E_BAD_PARAMETER'
  | 'E_BAD_BODY'
  | 'E_NOT_FOUND'
  | 'E_METHOD'
  | 'E_TIMEOUT'
  | 'E_REMOTE'
  | 'E_UNAVAILABLE'
  | 'E_CLOSED'
  | 'E_INTERNAL'
  | 'E_OVERLOADED';

export interface ErrorResponse extends JsonObject {
  error_code: FrontErrorCode;
  message: string;
}

export function okEnvelope(response: JsonValue): Envelope {
  return { status: { success: true, code: 200, message: '', cache: -1 }, response };
}

export function errorEnvelope(httpStatus: number, errorCode: FrontErrorCode, message: string, extra: JsonObject = {}): Envelope {
  const response: ErrorResponse = { ...extra, error_code: errorCode, message };
  return { status: { success: false, code: httpStatus, message, cache: -1 }, response };
}

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const { status } = value as { status?: unknown };
  if (typeof status !== 'object' || status === null) return false;
  const s = status as Record<string, unknown>;
  return typeof s.success === 'boolean' && typeof s.code === 'number' && 'response' in value;
}

/** The `error_code` of an error envelope, or null. */
export function envelopeErrorCode(envelope: Envelope): FrontErrorCode | null {
  const r = envelope.response;
  if (typeof r === 'object' && r !== null && !Array.isArray(r) && typeof r.error_code === 'string') {
    return r.error_code as FrontErrorCode;
  }
  return null;
}
