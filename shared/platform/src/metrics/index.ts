export * from './config';
export * from './labels';
export * from './serviceMetrics';
export * from './metricsServer';
