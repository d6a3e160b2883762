// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, runUntilSignalled } from '@people/platform';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import { start } from './server';

const config = loadSubgraphConfig('read');
void runUntilSignalled(createLogger({ service: 'subgraph-read', level: config.logLevel }), () => start(config));
