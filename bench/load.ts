/**
 * The load generator, run as its own process: `node bench/dist/load.js '<LoadSpec JSON>'` drives
 * autocannon at the spec and prints one JSON line with the figures.
 */
import autocannon from 'autocannon';
import { personQueryBody, restCreateBody, seededId } from './people';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /**
   * Requests made one by one: creates with unique ids from `idBase`; patches, GraphQL `person`
   * queries or REST reads over the seeded people in turn (a different person each time, so that no
   * gateway can answer from one deduplicated subgraph call).
   */
  generate?: { kind: 'create'; idBase: number } | { kind: 'patch' | 'graphql-person' | 'rest-person'; idCount: number };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  mismatches: number;
}

function requests(spec: LoadSpec): autocannon.Request[] | undefined {
  const generate = spec.generate;
  if (!generate) return undefined;
  let counter = 0;
  return [
    {
      setupRequest: (request) => {
        counter += 1;
        switch (generate.kind) {
          case 'create':
            return { ...request, body: restCreateBody(String(generate.idBase + counter)) };
          case 'graphql-person':
            return { ...request, body: personQueryBody(seededId(counter % generate.idCount)) };
          case 'rest-person':
            return { ...request, path: `/${seededId(counter % generate.idCount)}` };
          case 'patch':
            return {
              ...request,
              path: `/${seededId(counter % generate.idCount)}`,
              body: JSON.stringify({ email: `patched.${counter}@example.com` }),
            };
        }
      },
    },
  ];
}

/** Reads must answer a person: a GraphQL answer at 200 can still hold errors or `null`. */
function verifier(spec: LoadSpec): ((body: string | Buffer | undefined) => boolean) | undefined {
  switch (spec.generate?.kind) {
    case 'graphql-person':
      return (body) => {
        const text = String(body ?? '');
        return text.startsWith('{"data":{"person":{"documentId":"') && !text.includes('"errors"');
      };
    case 'rest-person':
      return (body) => String(body ?? '').includes('"document_id":"');
    default:
      return undefined;
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const made = requests(spec);
  const verify = verifier(spec);
  const result = await autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers ?? {},
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(verify ? { verifyBody: verify } : {}),
    ...(made ? { requests: made } : {}),
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
  });
  const figures: LoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

void main();
