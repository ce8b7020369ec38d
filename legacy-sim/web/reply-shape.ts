/**
 * Could this reply answer this request? Used by the socket-owner to spot a
 * late reply that its FIFO cannot attribute (one that reached a rebuilt
 * DEALER: the new socket has the same identity, so the ROUTER routes the old
 * reply to it, as it would in WBIA).
 */
const KEY_BY_ACTION: Record<string, string> = {
  job_status: 'jobstatus',
  job_status_dict: 'json_result',
  job_id_list: 'jobid_list',
  job_input: 'json_result',
  job_result: 'json_result',
};

function parse(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function replyFits(socket: 'collect' | 'engine', requestText: string, replyText: string): boolean {
  const request = parse(requestText);
  const reply = parse(replyText);
  if (request === null || reply === null) return true;
  if (Object.keys(reply).length === 0) return true; // `{}` answers anything (handler exception)
  if (socket === 'engine') {
    if ('__set_jobcounter__' in request) return !('jobid' in reply) && reply.jobcounter === request.__set_jobcounter__;
    return typeof reply.jobid === 'string' && 'jobcounter' in reply && !('jobid_list' in reply);
  }
  if ((reply.jobid ?? null) !== (request.jobid ?? null)) return false;
  if (reply.status === 'error') return true;
  const key = typeof request.action === 'string' ? KEY_BY_ACTION[request.action] : undefined;
  if (key === undefined) return !Object.values(KEY_BY_ACTION).some((k) => k in reply) || request.action === 'register';
  return key in reply;
}
