// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, loadSubgraphConfig, runUntilSignalled } from '@people/shared';
import { start } from './server';

const config = loadSubgraphConfig('delete');
void runUntilSignalled(createLogger({ service: 'subgraph-delete', level: config.logLevel }), () => start(config));
