// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, runUntilSignalled } from '@people/platform';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import { start } from './server';

const config = loadSubgraphConfig('delete');
void runUntilSignalled(createLogger({ service: 'subgraph-delete', level: config.logLevel }), () => start(config));
