export { start, type BridgeHandle } from './server';
export { loadBridgeConfig, BRIDGE_ROLES, type BridgeConfig, type BridgeRole } from './config';
export { OPERATIONS } from './operations';
export { openApiDocument } from './openapi';
export { GRAPHQL_PERSON_FIELDS, toRestPerson } from './dialect';
