import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { multipartBody, restPerson } from '../../../rest-bridge/src/__tests__/support/client';
import { PNG_BYTES } from './support/photoFixtures';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlpReceiver';
import { spawnStack, type StackProcess } from './support/processStack';
import { traceGantt } from './support/traceDiagram';

const DOCUMENT_ID = '7304918265';
const EMAIL = 'trace.person@example.com';
const SERVER = 2;
const CLIENT = 3;

/** The trace whose entry span carries the request id, with every span of it. */
function traceOf(spans: ReceivedSpan[], requestId: string): ReceivedSpan[] {
  const entry = spans.find((span) => span.kind === SERVER && span.attributes['people.request_id'] === requestId);
  if (!entry) throw new Error(`no server span carries request id ${requestId}`);
  return spans.filter((span) => span.traceId === entry.traceId);
}

/** One root, and every other span's parent is in the same trace: nothing broke the chain. */
function expectConnected(trace: ReceivedSpan[]): ReceivedSpan {
  const ids = new Set(trace.map((span) => span.spanId));
  const roots = trace.filter((span) => span.parentSpanId === '');
  expect(roots).toHaveLength(1);
  for (const span of trace) {
    if (span.parentSpanId !== '') expect([span.name, ids.has(span.parentSpanId)]).toEqual([span.name, true]);
  }
  return roots[0] as ReceivedSpan;
}

/**
 * A POST whose body arrives in two packets: body parsers then resume the request from a socket
 * callback, outside the request's async chain, which must not cut the trace.
 */
function postInTwoHalves(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    request.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.write(body.slice(0, half));
    setTimeout(() => request.end(body.slice(half)), 50);
  });
}

function parentOf(trace: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan | undefined {
  return trace.find((candidate) => candidate.spanId === span.parentSpanId);
}

describe('tracing across every hop (OpenTelemetry, OTLP/HTTP)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-tracing-'));
  const mongo = process.env.MONGODB_URI;
  let receiver: OtlpReceiver;
  let stack: StackProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await spawnStack(dataDir, {
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      ...(mongo ? { MONGODB_URI: mongo, MONGODB_DB: `people_tracing_${process.pid}_${Date.now()}` } : {}),
    });
  }, 30_000);

  afterAll(async () => {
    if (stack.child.exitCode === null) stack.child.kill('SIGKILL');
    await receiver.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives a REST create and a GraphQL read one connected trace each, spanning every service', async () => {
    const created = await postInTwoHalves(
      `http://127.0.0.1:${String(stack.ports.BRIDGE_CREATE_PORT)}/`,
      { 'content-type': 'application/json', 'x-request-id': 'trace-create-1' },
      JSON.stringify(restPerson(DOCUMENT_ID, { email: EMAIL })),
    );
    expect(created.status).toBe(201);
    const read = await postInTwoHalves(
      stack.gatewayUrl,
      { 'content-type': 'application/json', 'x-request-id': 'trace-read-1' },
      JSON.stringify({
        operationName: 'ReadOne',
        query: 'query ReadOne($id: ID!) { person(documentId: $id) { documentId email } }',
        variables: { id: DOCUMENT_ID },
      }),
    );
    expect(JSON.parse(read.body)).toEqual({ data: { person: { documentId: DOCUMENT_ID, email: EMAIL } } });

    // A photo goes bridge → gateway → update subgraph as multipart, through other connections (fetch at the gateway).
    const photo = multipartBody('file', 'photo.png', 'image/png', PNG_BYTES);
    const uploaded = await fetch(`http://127.0.0.1:${String(stack.ports.BRIDGE_UPDATE_PORT)}/${DOCUMENT_ID}/image`, {
      method: 'PATCH',
      headers: { 'content-type': photo.contentType, 'x-request-id': 'trace-upload-1' },
      body: photo.body,
    });
    expect(uploaded.status).toBe(200);

    // SIGTERM makes each service finish, then the SDK sends every span still buffered.
    stack.child.kill('SIGTERM');
    await expect(stack.exited).resolves.toBe(0);

    const create = traceOf(receiver.spans, 'trace-create-1');
    const createRoot = expectConnected(create);
    expect(createRoot).toMatchObject({ service: 'rest-bridge', name: 'POST /', kind: SERVER });
    expect(new Set(create.map((span) => span.service))).toEqual(new Set(['rest-bridge', 'gateway', 'subgraph-create']));
    // Every hop carried traceparent: each server span below the root hangs off a client span of the caller.
    for (const server of create.filter((span) => span.kind === SERVER && span !== createRoot)) {
      const caller = parentOf(create, server);
      expect(caller).toMatchObject({ kind: CLIENT, scope: '@opentelemetry/instrumentation-undici' });
      expect(caller?.service).not.toBe(server.service);
    }
    const names = create.map((span) => `${span.service} ${span.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'rest-bridge POST /',
        'gateway POST /graphql',
        'gateway gateway.request',
        'gateway gateway.plan',
        'gateway gateway.fetch',
        'subgraph-create POST /graphql',
        'subgraph-create store create',
      ]),
    );

    const readTrace = traceOf(receiver.spans, 'trace-read-1');
    const readRoot = expectConnected(readTrace);
    expect(readRoot).toMatchObject({ service: 'gateway', name: 'POST /graphql' });
    expect(new Set(readTrace.map((span) => span.service))).toEqual(new Set(['gateway', 'subgraph-read']));
    expect(readTrace.map((span) => `${span.service} ${span.name}`)).toEqual(
      expect.arrayContaining(['gateway gateway.fetch', 'subgraph-read POST /graphql', 'subgraph-read store getMany']),
    );
    if (mongo) {
      expect(readTrace.some((span) => span.scope === '@opentelemetry/instrumentation-mongodb')).toBe(true);
    }
    expect(readTrace.find((span) => span.name === 'gateway.request')?.attributes['graphql.operation.name']).toBe(
      'ReadOne',
    );

    const upload = traceOf(receiver.spans, 'trace-upload-1');
    expect(expectConnected(upload)).toMatchObject({ service: 'rest-bridge', name: 'PATCH /:doc_id/image' });
    const updateServer = upload.find((span) => span.service === 'subgraph-update' && span.kind === SERVER);
    expect(updateServer && parentOf(upload, updateServer)).toMatchObject({
      service: 'gateway',
      kind: CLIENT,
      scope: '@opentelemetry/instrumentation-undici',
    });
    expect(upload.map((span) => `${span.service} ${span.name}`)).toEqual(
      expect.arrayContaining(['subgraph-update store get', 'subgraph-update store setPhoto']),
    );

    // No personal data in any attribute: the REST path's document id is masked.
    const attributes = JSON.stringify([...create, ...readTrace, ...upload].map((span) => [span.name, span.attributes]));
    expect(attributes).not.toContain(DOCUMENT_ID);
    expect(attributes).not.toContain(EMAIL);
    expect(attributes).not.toContain('Ana');

    // Log lines of a request carry its trace and the span they were written in.
    const logLines = stack
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const createLog = logLines.find((line) => line.requestId === 'trace-create-1' && line.service === 'rest-bridge');
    expect(createLog).toMatchObject({ trace_id: createRoot.traceId, span_id: createRoot.spanId });

    if (process.env.TRACE_DIAGRAM_OUT) {
      fs.writeFileSync(
        process.env.TRACE_DIAGRAM_OUT,
        traceGantt(create, 'The first REST create after start-up (POST / on 8011)'),
      );
    }
  }, 60_000);
});

describe('tracing off', () => {
  it('loads no OpenTelemetry SDK module when no OTEL_ variable asks for it', () => {
    const stackDist = path.resolve(__dirname, '..', '..', 'dist');
    const script = `
      require(${JSON.stringify(path.join(stackDist, 'tracing.js'))});
      require(${JSON.stringify(path.join(stackDist, 'stack.js'))});
      const loaded = Object.keys(require.cache).filter((file) => /@opentelemetry[\\\\/](sdk-trace|exporter-trace|instrumentation|context-async-hooks)/.test(file));
      process.stdout.write(JSON.stringify(loaded));`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })) as string[];
    expect(loaded).toEqual([]);
  });
});
