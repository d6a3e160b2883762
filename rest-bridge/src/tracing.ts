import { startTracing } from '@people/platform/telemetry';

startTracing('rest-bridge');
