import { ROOT_CONTEXT, context, propagation, trace, type Context } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { tracingOn } from './state';

/** The trace context of each request in flight, to re-enter where the async chain loses it. */
const requestContexts = new WeakMap<IncomingMessage, Context>();

/** An opaque handle on a request's trace, passed to code that runs outside the request's chain. */
export type RequestTrace = Context;

export function rememberRequestTrace(req: IncomingMessage, traceContext: Context): void {
  requestContexts.set(req, traceContext);
}

export function requestTrace(req: IncomingMessage): RequestTrace | undefined {
  return requestContexts.get(req);
}

/** The caller's W3C `traceparent` (and baggage) from incoming headers. */
export function extractTraceContext(req: IncomingMessage): Context {
  return propagation.extract(ROOT_CONTEXT, req.headers);
}

/** Runs `work` inside a request's trace, so that the spans it starts (outgoing calls) join it. */
export function inRequestTrace<T>(traceContext: RequestTrace | undefined, work: () => T): T {
  return traceContext ? context.with(traceContext, work) : work();
}

/**
 * Body parsers call `next` from stream callbacks, outside the request's async chain: this
 * middleware, placed after them, re-enters the request's trace.
 */
export function resumeRequestTrace(): RequestHandler {
  if (!tracingOn()) return (_req, _res, next) => next();
  return (req, _res, next) => {
    inRequestTrace(requestTrace(req), next);
  };
}

/** The ids of the current span, for log lines; nothing when tracing is off or no span is active. */
export function currentTraceIds(): { trace_id: string; span_id: string } | undefined {
  if (!tracingOn()) return undefined;
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
