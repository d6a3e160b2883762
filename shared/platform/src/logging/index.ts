export * from './logger';
export * from './requestContext';
