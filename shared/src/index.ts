export * from './domain';
export * from './errors';
export * from './config';
export * from './dao';
export * from './logging';
export * from './http';
export * from './graphql';
