export * from './restPerson';
export * from './restErrors';
export * from './restQuery';
export * from './restCompat';
export * from './restSchemas';
