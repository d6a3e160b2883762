// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger } from '@people/platform';
import { loadStackConfig } from './config';
import { superviseStack } from './supervisor';

const config = loadStackConfig();
const logger = createLogger({ service: 'stack', level: config.gateway.logLevel });

superviseStack(config, logger, (urls) => {
  const lines = [
    'People service is running:',
    `  GraphQL gateway   ${urls.gateway}`,
    ...Object.entries(urls.subgraphs).map(([name, url]) => `  ${`${name} subgraph`.padEnd(17)} ${url}`),
    ...Object.entries(urls.bridge).map(([name, url]) => `  ${`REST ${name}`.padEnd(17)} ${url}  (docs ${url}/docs)`),
    `  (${config.workers.gateway} gateway and ${config.workers.bridge} REST bridge processes)`,
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});
