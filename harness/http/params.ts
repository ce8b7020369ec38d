/**
 * Request parameters as WBIA's web layer reads them
 * (wbia/control/controller_inject.py `_process_input`): query string, form
 * body or JSON body merged into one record. A query or form value is
 * JSON-decoded when it can be (`5` → 5, `true`/`True` → true, `[1,2]` → a
 * list; a bare `a,b` becomes a list, as in WBIA), else kept as the string.
 * A JSON body's values are taken as they are. A name given twice is refused,
 * as WBIA refuses it.
 */
import type { JsonObject, JsonValue } from '../contract/json.ts';

export type Params = Record<string, JsonValue>;

export class ParamError extends Error {
  readonly code: 'E_BAD_PARAMETER' | 'E_BAD_BODY';
  readonly parameter: string | null;
  constructor(code: 'E_BAD_PARAMETER' | 'E_BAD_BODY', message: string, parameter: string | null = null) {
    super(message);
    this.name = 'ParamError';
    this.code = code;
    this.parameter = parameter;
  }
}

function decodeValue(raw: string): JsonValue {
  let value = raw;
  if (value.includes(',') && !/[[\]{}]/.test(value)) value = `[${value}]`;
  if (value === 'True' || value === 'False') value = value.toLowerCase();
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    try {
      return JSON.parse(`"${value}"`) as JsonValue;
    } catch {
      return raw;
    }
  }
}

function addAll(into: Params, pairs: URLSearchParams): void {
  for (const [name, raw] of pairs) {
    if (Object.hasOwn(into, name)) throw new ParamError('E_BAD_PARAMETER', `cannot specify a parameter more than once: ${name}`, name);
    into[name] = decodeValue(raw);
  }
}

/** `contentType` is the request's Content-Type header; `body` its raw text. */
export function parseParams(query: string, contentType: string | undefined, body: string): Params {
  const params: Params = {};
  addAll(params, new URLSearchParams(query));
  if (body.length === 0) return params;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new ParamError('E_BAD_BODY', `body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ParamError('E_BAD_BODY', 'a JSON body must be an object of parameters');
    }
    for (const [name, value] of Object.entries(parsed as JsonObject)) {
      if (Object.hasOwn(params, name)) throw new ParamError('E_BAD_PARAMETER', `cannot specify a parameter more than once: ${name}`, name);
      params[name] = value;
    }
    return params;
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    addAll(params, new URLSearchParams(body));
    return params;
  }
  throw new ParamError('E_BAD_BODY', `unsupported content-type ${JSON.stringify(type)}; use application/json or a form`);
}
