export * from './config';
export * from './scopes';
export * from './verifier';
