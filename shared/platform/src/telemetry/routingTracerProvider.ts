import {
  context as contextApi,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
} from '@opentelemetry/api';
import { serviceOf } from './serviceContext';

/**
 * One tracer provider per service, behind the one global provider a process can register: each
 * span goes to the provider of the service whose request it belongs to (see `withService`), so
 * that services sharing a process (the all-in-one `npm start`) still report their own
 * `service.name`. Work outside any request goes to the process's own service.
 */
export class ServiceRoutingTracerProvider implements TracerProvider {
  constructor(
    private readonly defaultService: string,
    private readonly providerFor: (service: string) => TracerProvider,
  ) {}

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const tracerIn = (context: Context): Tracer =>
      this.providerFor(serviceOf(context) ?? this.defaultService).getTracer(name, version, options);
    return {
      startSpan: (spanName: string, spanOptions?: SpanOptions, context?: Context): Span =>
        tracerIn(context ?? contextApi.active()).startSpan(spanName, spanOptions, context),
      startActiveSpan: (spanName: string, ...rest: unknown[]) => {
        const context = rest.length >= 3 ? (rest[1] as Context) : contextApi.active();
        const tracer = tracerIn(context);
        // The rule misreads this assertion: without it tsc refuses the spread over the overloads.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        return (tracer.startActiveSpan as (n: string, ...a: unknown[]) => unknown)(spanName, ...rest);
      },
    };
  }
}
