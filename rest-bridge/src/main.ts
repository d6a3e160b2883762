// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, runUntilSignalled } from '@people/platform';
import { loadBridgeConfig } from './config';
import { start } from './server';

const config = loadBridgeConfig();
const logger = createLogger({ service: 'rest-bridge', level: config.logLevel });
void runUntilSignalled(logger, () => start(config, logger));
