/** Every named scenario; `npm run scenario -- --list` prints them. */
import type { Scenario } from '../harness/scenario/types.ts';
import { heartbeatStarvation } from './heartbeat-starvation.ts';
import { noopSmoke } from './noop-smoke.ts';
import { slowCallbackConvoy } from './slow-callback-convoy.ts';
import { timeoutCascade } from './timeout-cascade.ts';

export const SCENARIOS: readonly Scenario[] = [heartbeatStarvation, slowCallbackConvoy, timeoutCascade, noopSmoke];
