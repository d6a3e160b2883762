// First: tracing, when asked for, must be in place before the modules it instruments load.
import './tracing';
import { createLogger, runUntilSignalled } from '@people/shared';
import { loadStackConfig } from './config';
import { startStack } from './stack';

const config = loadStackConfig();
const logger = createLogger({ service: 'stack', level: config.gateway.logLevel });

void runUntilSignalled(logger, async () => {
  const stack = await startStack(config);
  const lines = [
    'People service is running:',
    `  GraphQL gateway   ${stack.urls.gateway}`,
    ...Object.entries(stack.urls.subgraphs).map(([name, url]) => `  ${`${name} subgraph`.padEnd(17)} ${url}`),
    ...Object.entries(stack.urls.bridge).map(
      ([name, url]) => `  ${`REST ${name}`.padEnd(17)} ${url}  (docs ${url}/docs)`,
    ),
    ...Object.entries(stack.urls.metrics).map(([name, url]) => `  ${`${name} metrics`.padEnd(17)} ${url}`),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return stack;
});
