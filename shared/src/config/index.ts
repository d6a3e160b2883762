export * from './loadConfig';
export * from './common';
