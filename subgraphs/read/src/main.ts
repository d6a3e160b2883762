// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, loadSubgraphConfig, runUntilSignalled } from '@people/shared';
import { start } from './server';

const config = loadSubgraphConfig('read');
void runUntilSignalled(createLogger({ service: 'subgraph-read', level: config.logLevel }), () => start(config));
