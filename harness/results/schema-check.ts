/**
 * A small JSON Schema checker, enough for harness/results.schema.json (type,
 * const, enum, properties, required, additionalProperties, propertyNames,
 * items, oneOf, minimum, exclusiveMinimum, $ref into $defs). It returns the
 * first few violations with their JSON path; `npm run gate` and the tests
 * use it so that results.json is checked against the published schema, not
 * against the TypeScript types alone.
 */
import { readFileSync } from 'node:fs';

export type Schema = { [key: string]: unknown };

export const RESULTS_SCHEMA_PATH = new URL('../results.schema.json', import.meta.url);

export function loadResultsSchema(): Schema {
  return JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

export function checkSchema(value: unknown, schema: Schema, root: Schema = schema, path = '$', errors: string[] = [], max = 20): string[] {
  if (errors.length >= max) return errors;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (!ref.startsWith('#/$defs/')) throw new Error(`unsupported $ref ${ref}`);
    const target = (root.$defs as Record<string, Schema>)[ref.slice('#/$defs/'.length)];
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return checkSchema(value, target, root, path, errors, max);
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as Schema[]).filter((s) => checkSchema(value, s, root, path, [], 1).length === 0).length;
    if (matching !== 1) errors.push(`${path}: must match exactly one alternative (matched ${matching})`);
    return errors;
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)} (got ${JSON.stringify(value)})`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${JSON.stringify(value)})`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(value, t))) {
      errors.push(`${path}: must be ${types.join(' or ')} (got ${typeOf(value)})`);
      return errors;
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: must be ≥ ${schema.minimum} (got ${value})`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${path}: must be > ${schema.exclusiveMinimum} (got ${value})`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => checkSchema(item, schema.items as Schema, root, `${path}[${i}]`, errors, max));
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) errors.push(`${path}.${key}: is required`);
    for (const [key, v] of Object.entries(obj)) {
      if (schema.propertyNames) checkSchema(key, schema.propertyNames as Schema, root, `${path}{${key}}`, errors, max);
      if (props[key]) checkSchema(v, props[key], root, `${path}.${key}`, errors, max);
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: is not allowed by the schema`);
      else if (typeof schema.additionalProperties === 'object') checkSchema(v, schema.additionalProperties as Schema, root, `${path}.${key}`, errors, max);
    }
  }
  return errors;
}
