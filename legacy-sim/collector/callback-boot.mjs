// Worker threads do not inherit tsx's loader: register it, then load the
// TypeScript helper (callback-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./callback-worker.ts');
