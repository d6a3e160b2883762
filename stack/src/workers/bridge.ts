// First: tracing, when asked for, must be in place before the modules it instruments load.
import '../tracing';
import { loadBridgeConfig, start } from '@people/rest-bridge';
import { createLogger } from '@people/platform';
import { runWorker } from './runWorker';

const config = loadBridgeConfig();
const logger = createLogger({ service: 'rest-bridge', level: config.logLevel });
runWorker(logger, async () => {
  const bridge = await start(config, logger);
  return { urls: bridge.urls, close: () => bridge.close() };
});
