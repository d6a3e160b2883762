import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { maskedPath, routeOf } from '../http/route';
import { REQUEST_ID_HEADER } from '../logging/requestContext';
import type { ServiceMetrics } from '../metrics/serviceMetrics';
import { extractTraceContext } from './requestTrace';
import { withService } from './serviceContext';
import { tracingOn } from './state';

/** Probes, every few seconds from an orchestrator: timed, but not worth a trace each. */
const PROBES = new Set(['/healthz', '/readyz']);

export interface ObserveHttpOptions {
  /** The service's name in spans (`service.name`). */
  service: string;
  /** Where request durations go; none when the service serves no metrics. */
  metrics?: ServiceMetrics;
}

/**
 * One server span per request, continuing the caller's W3C trace, and one observation of the
 * request's duration by route pattern and status. Spans carry the request id and the masked path,
 * never a document id; health probes get no span. Does nothing when neither tracing nor metrics
 * is on. Goes after the request id middleware.
 */
export function observeHttp({ service, metrics }: ObserveHttpOptions): RequestHandler {
  const tracing = tracingOn();
  if (!tracing && !metrics) return (_req, _res, next) => next();
  const tracer = trace.getTracer('@people/platform');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const parent = tracing && !PROBES.has(req.path) ? withService(extractTraceContext(req), service) : undefined;
    const span =
      parent &&
      tracer.startSpan(
        req.method,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': req.method,
            'url.path': maskedPath(req.originalUrl),
            'people.request_id': String(req.headers[REQUEST_ID_HEADER] ?? ''),
          },
        },
        parent,
      );
    res.once('close', () => {
      const route = routeOf(req);
      metrics?.httpRequest(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      if (!span) return;
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!res.writableFinished) span.setAttribute('people.aborted', true);
      span.end();
    });
    if (!parent || !span) {
      next();
      return;
    }
    context.with(trace.setSpan(parent, span), next);
  };
}
