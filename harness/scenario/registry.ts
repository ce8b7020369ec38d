/**
 * The scenarios by name (scenarios/index.ts), each validated on load.
 */
import { SCENARIOS } from '../../scenarios/index.ts';
import type { Scenario } from './types.ts';
import { validateScenario } from './validate.ts';

export class UnknownScenarioError extends Error {
  readonly code = 'E_UNKNOWN_SCENARIO';
  constructor(name: string) {
    super(`unknown scenario "${name}"; valid scenarios: ${scenarioNames().join(', ')}`);
    this.name = 'UnknownScenarioError';
  }
}

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

export function loadScenario(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new UnknownScenarioError(name);
  return validateScenario(found);
}

export function allScenarios(): Scenario[] {
  return SCENARIOS.map((s) => validateScenario(s));
}
