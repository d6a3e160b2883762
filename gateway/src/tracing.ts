import { startTracing } from '@people/platform/telemetry';

startTracing('gateway');
