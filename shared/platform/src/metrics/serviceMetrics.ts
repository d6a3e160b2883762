import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { operationNameLabels } from './labels';

/** Request and operation latencies, in seconds: 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Store calls are faster than requests: 0.5 ms to 5 s. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];
/** Photo sizes up to the 2 MB limit. */
const UPLOAD_BUCKETS = [16_384, 65_536, 262_144, 524_288, 1_048_576, 2_097_152];

export type Outcome = 'ok' | 'error';

/**
 * One service's Prometheus registry: the default process metrics (CPU, memory, GC, event-loop
 * lag) and this project's own, every series labelled with the service's name. Metrics that only
 * some services have (subgraph fetches, uploads) appear once first used.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status_code'>;
  private readonly operations: Histogram<'operation_name' | 'operation_type' | 'outcome'>;
  private readonly operationName = operationNameLabels();
  private readonly lazy = new Map<string, Histogram | Counter>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'HTTP requests served, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.operations = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operations executed, by operation name and type; outcome error when the answer holds errors',
      labelNames: ['operation_name', 'operation_type', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.http.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  graphqlOperation(name: string | null | undefined, type: string, outcome: Outcome, seconds: number): void {
    this.operations.observe({ operation_name: this.operationName(name), operation_type: type, outcome }, seconds);
  }

  storeCall(store: string, operation: string, outcome: Outcome, seconds: number): void {
    this.histogram(
      'store_operation_duration_seconds',
      'Calls to the people store, by store and method',
      ['store', 'operation', 'outcome'],
      STORE_BUCKETS,
    ).observe({ store, operation, outcome }, seconds);
  }

  subgraphFetch(subgraph: string, outcome: Outcome, seconds: number): void {
    this.histogram(
      'gateway_subgraph_fetch_duration_seconds',
      'Calls from the gateway to a subgraph; outcome error when the call failed or answered 5xx',
      ['subgraph', 'outcome'],
      LATENCY_BUCKETS,
    ).observe({ subgraph, outcome }, seconds);
  }

  subgraphFetchError(subgraph: string, reason: 'unreachable' | 'timeout' | 'http_status'): void {
    this.counter('gateway_subgraph_fetch_errors_total', 'Failed calls from the gateway to a subgraph, by reason', [
      'subgraph',
      'reason',
    ]).inc({ subgraph, reason });
  }

  photoUpload(bytes: number): void {
    this.histogram('photo_upload_size_bytes', 'Sizes of the photos stored', [], UPLOAD_BUCKETS).observe(bytes);
  }

  /** A query answered below express and Apollo Server, as one Apollo Server had run before. */
  knownOperationAnswered(): void {
    this.counter(
      'graphql_known_operation_answers_total',
      'GraphQL queries answered below express and Apollo Server, as queries Apollo Server had run before',
      [],
    ).inc();
  }

  rateLimited(): void {
    this.counter('rate_limit_rejections_total', 'Requests refused with 429 by the per-client rate limit', []).inc();
  }

  /** The text exposition format, for `GET /metrics`. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    let metric = this.lazy.get(name);
    if (!metric) {
      metric = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
      this.lazy.set(name, metric);
    }
    return metric as Histogram<L>;
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    let metric = this.lazy.get(name);
    if (!metric) {
      metric = new Counter({ name, help, labelNames, registers: [this.registry] });
      this.lazy.set(name, metric);
    }
    return metric as Counter<L>;
  }
}
