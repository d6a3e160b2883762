// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, runUntilSignalled } from '@people/platform';
import { loadGatewayConfig } from './config';
import { start } from './server';

const config = loadGatewayConfig();
const logger = createLogger({ service: 'gateway', level: config.logLevel });
void runUntilSignalled(logger, () => start(config, logger));
