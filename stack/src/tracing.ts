import { startTracing } from '@people/platform/telemetry';

// Each service marks its own requests; this names only work outside them.
startTracing('people-stack');
