export { start, type GatewayHandle } from './server';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { readSupergraph, SUPERGRAPH_PATH } from './supergraph/supergraphFile';
export { PASS_ON_BYTES } from './fastPath/knownOperationPath';
