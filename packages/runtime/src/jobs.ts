/** Job types of the runtime. */
export const PIPELINE_JOB = 'pipeline.step';
export const OUTBOX_JOB = 'outbox.send';
export const RETENTION_JOB = 'retention.purge';
export const HANDOFF_JOB = 'handoff.forward';

/** One pipeline job per entry into `waiting_source` (a retry after failure gets a new one). */
export function pipelineJobKey(requestId: string, version: number): string {
  return `pipeline:${requestId}:${version}`;
}
