// First: tracing, when asked for, must be in place before the modules it instruments load.
import '../tracing';
import { loadGatewayConfig, start } from '@people/gateway';
import { createLogger } from '@people/platform';
import { runWorker } from './runWorker';

const config = loadGatewayConfig();
const logger = createLogger({ service: 'gateway', level: config.logLevel });
runWorker(logger, async () => {
  const gateway = await start(config, logger);
  return { urls: { gateway: gateway.url }, close: () => gateway.close() };
});
