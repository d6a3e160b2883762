import express from 'express';
import { listen, type ListeningServer } from '../http/listen';
import type { MetricsConfig } from './config';
import type { ServiceMetrics } from './serviceMetrics';

/** `GET /metrics` in Prometheus's text format, on a listener of its own. */
export function serveMetrics(metrics: ServiceMetrics, config: MetricsConfig): Promise<ListeningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (_req, res, next) => {
    metrics.exposition().then((text) => {
      res.type(metrics.registry.contentType).send(text);
    }, next);
  });
  return listen(app, { host: config.host, port: config.port });
}

/**
 * `GET /metrics` beside a service that has just started, when metrics are on; if the metrics port
 * cannot be had, `undo` stops the service again before the error goes on.
 */
export async function serveMetricsBeside(
  metrics: ServiceMetrics | undefined,
  config: MetricsConfig | undefined,
  undo: () => Promise<void>,
): Promise<ListeningServer | undefined> {
  if (!metrics || !config) return undefined;
  try {
    return await serveMetrics(metrics, config);
  } catch (error) {
    await undo();
    throw error;
  }
}
