export * from './config';
export * from './logging';
export * from './http';
export * from './auth';
export * from './telemetry';
export * from './metrics';
