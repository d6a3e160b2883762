import { z } from 'zod';
import { loadEnv, setting, type Env } from '../config/loadConfig';

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

export interface TracingConfig {
  exporter: 'otlp' | 'console';
  protocol: (typeof OTLP_PROTOCOLS)[number];
  /** Overrides every service's own name (OTEL_SERVICE_NAME). */
  serviceName?: string;
}

/**
 * The standard OpenTelemetry variables, checked at start-up. Tracing is on when an OTLP endpoint
 * or a traces exporter is named; the exporter itself reads the endpoint, headers and timeout.
 */
export function loadTracingConfig(env: Env = process.env): TracingConfig | undefined {
  const raw = loadEnv(
    z.object({
      OTEL_SDK_DISABLED: setting.flag(false),
      OTEL_EXPORTER_OTLP_ENDPOINT: setting.url().optional(),
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: setting.url().optional(),
      OTEL_TRACES_EXPORTER: z.enum(TRACES_EXPORTERS, { error: 'must be otlp, console or none' }).optional(),
      OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(OTLP_PROTOCOLS, { error: 'must be http/protobuf or http/json' }).optional(),
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z
        .enum(OTLP_PROTOCOLS, { error: 'must be http/protobuf or http/json' })
        .optional(),
      OTEL_SERVICE_NAME: setting.string().optional(),
    }),
    env,
  );
  const endpoint = raw.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? raw.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (raw.OTEL_SDK_DISABLED || raw.OTEL_TRACES_EXPORTER === 'none') return undefined;
  if (endpoint === undefined && raw.OTEL_TRACES_EXPORTER === undefined) return undefined;
  return {
    exporter: raw.OTEL_TRACES_EXPORTER ?? 'otlp',
    protocol: raw.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? raw.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    ...(raw.OTEL_SERVICE_NAME ? { serviceName: raw.OTEL_SERVICE_NAME } : {}),
  };
}
