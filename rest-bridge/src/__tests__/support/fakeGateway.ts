import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLPerson } from '../../dialect/restPerson';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  remotePort: number;
}

export type Answer = (request: SeenRequest, res: http.ServerResponse) => void;

/** A stand-in for the gateway that records what the bridge sends and answers as a test says. */
export interface FakeGateway {
  url: string;
  seen: SeenRequest[];
  answer: Answer;
  close(): Promise<void>;
}

export function graphqlAnswer(payload: unknown, status = 200): Answer {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };
}

export function fakePerson(documentId: string): GraphQLPerson {
  return {
    documentId,
    documentType: 'CEDULA',
    firstName: 'Ana',
    middleName: null,
    lastName: 'García',
    birthDate: '1990-05-17',
    gender: 'FEMENINO',
    email: 'ana@example.com',
    phone: '3001234567',
    photoUrl: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

export async function startFakeGateway(): Promise<FakeGateway> {
  const fake: FakeGateway = {
    url: '',
    seen: [],
    answer: graphqlAnswer({ data: null }),
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
      };
      fake.seen.push(request);
      fake.answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
