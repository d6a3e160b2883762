export * from './freePort';
export * from './ferretDbProcess';
export * from './olderReaderSchema';
export * from './fakeCloudinary';
export * from './thrown';
export * from './startScript';
