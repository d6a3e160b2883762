import { startTracing } from '@people/shared/telemetry';

// Each service marks its own requests; this names only work outside them.
startTracing('people-stack');
