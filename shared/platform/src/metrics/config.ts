import { z } from 'zod';
import { loadEnv, setting, type Env } from '../config/loadConfig';

/** Where a service serves `GET /metrics`: a listener of its own, never a public port. */
export interface MetricsConfig {
  host: string;
  port: number;
}

/**
 * `<portSetting>` (for example `GATEWAY_METRICS_PORT`) turns a service's metrics listener on;
 * `METRICS_HOST` is the interface every metrics listener uses. Unset, the service serves no metrics.
 */
export function loadMetricsConfig(portSetting: string, env: Env = process.env): MetricsConfig | undefined {
  const { METRICS_HOST: host } = loadEnv(z.object({ METRICS_HOST: setting.host('127.0.0.1') }), env);
  const ports = loadEnv(z.object({ [portSetting]: setting.port(0).optional() }), env);
  const port = env[portSetting]?.trim() ? ports[portSetting] : undefined;
  return typeof port === 'number' ? { host, port } : undefined;
}
