import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';
import { personFields } from '@people/domain';
import { currentTraceIds } from '../telemetry/requestTrace';
import { currentRequestId } from './requestContext';

export type { Logger };

/** Personal data never reaches a log line, whatever object a caller logs: the registry's personal fields, by every name. */
const PERSONAL_FIELDS: ReadonlySet<string> = new Set(
  personFields().flatMap(([name, field]) => (field.personal ? [name, field.rest, field.store] : [])),
);
const CENSORED = '[redacted]';
/** How far down a logged object personal fields are looked for: its own keys and two levels of objects below. */
const REDACTED_DEPTH = 2;

/** What is walked: plain objects, arrays, and errors (a driver's error may carry the values it refused). */
function isWalked(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value) || value instanceof Error) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A copy to change: an error stays an error (its message and stack too), for pino's serializer. */
function copyOf(value: Record<string, unknown> | unknown[]): Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return [...value];
  if (value instanceof Error) {
    const copy = Object.create(
      Object.getPrototypeOf(value) as object,
      Object.getOwnPropertyDescriptors(value),
    ) as Error;
    // Newer V8 keeps `stack` behind an accessor that reads the original error: copy its value.
    Object.defineProperty(copy, 'stack', { value: value.stack, writable: true, configurable: true });
    return copy as unknown as Record<string, unknown>;
  }
  return { ...value };
}

/**
 * `value` with every personal field's value replaced, in its own keys and in the objects, arrays
 * and errors below it down to REDACTED_DEPTH; the same object when there is none (the caller's object
 * is never changed). A walk over a line's few keys: pino's path-based redaction with wildcards cost
 * ~20 µs a line here, more than the rest of writing it.
 */
export function redactPersonalData<T>(value: T, depth = 0): T {
  if (!isWalked(value)) return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const redacted =
      !Array.isArray(value) && PERSONAL_FIELDS.has(String(key))
        ? CENSORED
        : depth < REDACTED_DEPTH
          ? redactPersonalData(item, depth + 1)
          : item;
    if (redacted === item) continue;
    copy ??= copyOf(value);
    (copy as Record<string, unknown>)[key] = redacted;
  }
  return (copy ?? value) as T;
}

let lastLineMs = Number.NaN;
let lastLineTime = '';

/**
 * pino's `isoTime` (`,"time":"<ISO instant>"`), formatted once per millisecond: under load many
 * lines share one, and formatting an instant costs more than the rest of a line's fields.
 */
function isoTimeOfLine(): string {
  const now = Date.now();
  if (now !== lastLineMs) {
    lastLineMs = now;
    lastLineTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastLineTime;
}

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
      timestamp: isoTimeOfLine,
      // Every logged object; child bindings are not (pino writes them as given): none is used here.
      formatters: { log: (object) => redactPersonalData(object) },
      // One object of one shape per line (pino merges the line's object into it).
      mixin() {
        const requestId = currentRequestId();
        const traceIds = currentTraceIds();
        if (traceIds) return requestId ? { requestId, ...traceIds } : { ...traceIds };
        return requestId ? { requestId } : {};
      },
    },
    destination ?? sharedStdout(),
  );
}
