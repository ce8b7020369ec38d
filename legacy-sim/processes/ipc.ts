/**
 * Messages between the supervisor and its children over the fork IPC
 * channel (never over ZeroMQ: that protocol stays WBIA's).
 */
import type { CollectorStats } from '../collector/stats.ts';

export type ParentToChild = { type: 'stats'; requestId: number } | { type: 'reset-stats'; requestId: number };

export type ChildToParent =
  | { type: 'ready'; component: string }
  | { type: 'stats'; requestId: number; stats: CollectorStats }
  | { type: 'reset-stats'; requestId: number }
  | { type: 'fatal'; component: string; message: string };
