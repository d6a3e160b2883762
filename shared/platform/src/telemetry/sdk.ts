import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OTLPJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, envDetector, detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { ServiceRoutingTracerProvider } from './routingTracerProvider';
import type { TracingConfig } from './settings';

function exporterFor(config: TracingConfig): SpanExporter {
  if (config.exporter === 'console') return new ConsoleSpanExporter();
  // Endpoint, headers and timeout come from the standard OTEL_EXPORTER_OTLP_* variables.
  return config.protocol === 'http/json' ? new OTLPJsonExporter() : new OTLPProtobufExporter();
}

/**
 * Starts the OpenTelemetry SDK for the process: W3C trace context and baggage on every hop, spans
 * batched to one exporter, one tracer provider per service (so each keeps its `service.name`),
 * and the instrumentations of undici (every outgoing call: the bridge's and the gateway's pools,
 * `fetch`) and of the MongoDB driver. Returns what flushes and stops it.
 */
export function startTracingSdk(defaultService: string, config: TracingConfig): () => Promise<void> {
  const processor = new BatchSpanProcessor(exporterFor(config));
  const base = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  const providers = new Map<string, TracerProvider>();
  const providerFor = (service: string): TracerProvider => {
    let provider = providers.get(service);
    if (!provider) {
      const name = config.serviceName ?? service;
      provider = new BasicTracerProvider({
        resource: base.merge(resourceFromAttributes({ 'service.name': name, 'service.namespace': 'people' })),
        spanProcessors: [processor],
      });
      providers.set(service, provider);
    }
    return provider;
  };
  const routing = new ServiceRoutingTracerProvider(defaultService, providerFor);

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(routing);
  registerInstrumentations({
    tracerProvider: routing,
    instrumentations: [
      // Health probes and other calls outside a request would each start a trace of their own.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // Statements are recorded with their values replaced by `?`: no document id leaves.
      new MongoDBInstrumentation({ requireParentSpan: true }),
    ],
  });
  return async () => {
    await processor.forceFlush();
    await processor.shutdown();
  };
}
