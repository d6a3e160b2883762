import { startTracing } from '@people/platform/telemetry';

startTracing('subgraph-create');
