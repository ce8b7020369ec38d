/**
 * Tests that need PostgreSQL or Redis ask here first. Without the server they
 * are skipped with a message that says so, except under CI (CI=true), where
 * a missing server is a failure: CI refuses to skip them. Addresses and the
 * connect check are the runner's (harness/runner/servers.ts).
 */
import type { ServerKind } from '../../harness/contract/target.ts';
import { reachable, serverAddress } from '../../harness/runner/servers.ts';

export type ServerName = ServerKind;

/**
 * Resolve to `false` (run the tests) when the server answers, or to a skip
 * message when it does not. Throws under CI=true.
 */
export async function skipUnlessServer(name: ServerName): Promise<string | false> {
  const { host, port } = serverAddress(name);
  if (await reachable(host, port, 1000)) return false;
  const message = `${name} is not reachable at ${host}:${port}: tests that need it were SKIPPED`;
  if (process.env.CI === 'true') throw new Error(`${message.replace(' were SKIPPED', '')} and CI=true refuses to skip them`);
  console.warn(`# ${message}`);
  return message;
}
