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
