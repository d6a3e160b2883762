export * from './settings';
export * from './state';
export * from './serviceContext';
export * from './requestTrace';
export * from './observeHttp';
