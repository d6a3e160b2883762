import { startTracing } from '@people/shared/telemetry';

startTracing('gateway');
