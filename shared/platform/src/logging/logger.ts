import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';
import { personFields } from '@people/domain';
import { currentTraceIds } from '../telemetry/requestTrace';
import { currentRequestId } from './requestContext';

export type { Logger };

/** Personal data never reaches a log line, whatever object a caller logs: the registry's personal fields, by every name. */
const PERSONAL_FIELDS = [
  ...new Set(personFields().flatMap(([name, field]) => (field.personal ? [name, field.rest, field.store] : []))),
];

/**
 * Standard output for every logger of the process, written off the request path: lines gather in
 * a buffer that goes out in one write per 8 KB or every 200 ms (and at exit), instead of one
 * write per line. A process killed with SIGKILL loses at most those last 200 ms of lines.
 */
let stdoutDestination: pino.DestinationStream | undefined;
function sharedStdout(): pino.DestinationStream {
  stdoutDestination ??= pino.destination({ dest: 1, sync: false, minLength: 8 * 1024, periodicFlush: 200 });
  return stdoutDestination;
}

export interface LoggerOptions {
  service: string;
  level: LogLevel;
  /** Where lines go; stdout by default. */
  destination?: pino.DestinationStream;
}

/**
 * The one logger: JSON lines, each with the service name, the current request id and, when
 * tracing is on, the current `trace_id` and `span_id`.
 */
export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
        censor: '[redacted]',
      },
      mixin() {
        const requestId = currentRequestId();
        const traceIds = currentTraceIds();
        return { ...(requestId ? { requestId } : {}), ...traceIds };
      },
    },
    destination ?? sharedStdout(),
  );
}
