/**
 * Messages between a web thread's JobInterface and the socket-owner that
 * holds the two shared DEALERs (WBIA: one JobInterface, two sockets, 16
 * gunicorn threads). A discriminated union over a MessagePort.
 */
export type SocketName = 'collect' | 'engine';

export interface OwnerRequest {
  type: 'request';
  id: number;
  socket: SocketName;
  /** The JSON frame, as sent. */
  payload: string;
}

export type OwnerResponse =
  | {
      type: 'reply';
      id: number;
      payload: string;
      /** The reply belonged to an earlier request (FIFO of outstanding requests, or its shape). */
      wrongReply: boolean;
    }
  | { type: 'timeout'; id: number; waitedMs: number; rebuilt: boolean }
  | { type: 'closed'; id: number }
  /** The socket failed (not a timeout): the service rejects with ServiceUnavailableError. */
  | { type: 'failed'; id: number; message: string };
