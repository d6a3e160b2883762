import { ROOT_CONTEXT, context, propagation, trace, type Context } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { tracingOn } from './state';

/** The caller's W3C `traceparent` (and baggage) from incoming headers. */
export function extractTraceContext(req: IncomingMessage): Context {
  return propagation.extract(ROOT_CONTEXT, req.headers);
}

/** The ids of the current span, for log lines; nothing when tracing is off or no span is active. */
export function currentTraceIds(): { trace_id: string; span_id: string } | undefined {
  if (!tracingOn()) return undefined;
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
