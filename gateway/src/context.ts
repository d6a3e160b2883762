/** What the gateway keeps per request, for the data sources that call the subgraphs. */
export interface GatewayContext {
  requestId?: string;
}
