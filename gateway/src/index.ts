export { start, type GatewayHandle } from './server';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { composeSupergraph, readSupergraph, SUPERGRAPH_PATH } from './supergraph/compose';
