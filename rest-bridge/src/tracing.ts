import { startTracing } from '@people/shared/telemetry';

startTracing('rest-bridge');
