export * from './domain';
export * from './errors';
export * from './config';
export * from './dao';
