import { startTracing } from '@people/shared/telemetry';

startTracing('subgraph-delete');
