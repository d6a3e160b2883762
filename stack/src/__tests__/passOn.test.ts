import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { PASS_ON_BYTES } from '@people/gateway';
import { BRIDGE_SECRET_HEADER, REQUEST_ID_HEADER, createLogger } from '@people/platform';
import type { PeopleDao } from '@people/store';
import { SeparateServices } from './support/separateServices';
import { sampleSum } from './support/prometheusText';
import { PERSON_FIELDS, personInput } from './support/testStack';

/**
 * A known query whose answer is long (a page of hundreds of people) is passed on by the gateway as
 * it arrives from the subgraph. The read subgraph sits behind a TCP relay that can cut or hold its
 * answers, as a failing network or a dying process would.
 */
const PEOPLE = 300;
const SECRET = 'pass-on-test-bridge-secret-0123456789';
const PAGE = `query Page($first: Int) { people(first: $first) { edges { node { ${PERSON_FIELDS} } } } }`;
/** Headers that differ between any two answers. */
const PER_ANSWER = new Set(['date', REQUEST_ID_HEADER, 'ratelimit']);

/** Relays the gateway's connections to the read subgraph; `cutAfter` or `holdAfter` bytes of an answer, it cuts or stalls it. */
class SubgraphRelay {
  cutAfter: number | undefined;
  holdAfter: number | undefined;
  closedByGateway = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((gateway) => {
    const subgraph = net.connect(this.target.port, this.target.host);
    this.sockets.add(gateway).add(subgraph);
    let answered = 0;
    gateway.on('data', (chunk: Buffer) => {
      answered = 0;
      subgraph.write(chunk);
    });
    subgraph.on('data', (chunk: Buffer) => {
      const limit = this.cutAfter ?? this.holdAfter;
      if (limit === undefined || answered + chunk.length <= limit) {
        answered += chunk.length;
        gateway.write(chunk);
        return;
      }
      gateway.write(chunk.subarray(0, Math.max(0, limit - answered)));
      answered = limit;
      if (this.cutAfter !== undefined) {
        gateway.destroy();
        subgraph.destroy();
      } else {
        subgraph.pause();
      }
    });
    gateway.on('close', () => {
      if (!subgraph.destroyed) this.closedByGateway += 1;
      subgraph.destroy();
    });
    subgraph.on('close', () => gateway.destroy());
    gateway.on('error', () => subgraph.destroy());
    subgraph.on('error', () => gateway.destroy());
  });

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** POSTs `body` to the gateway; resolves with the whole answer, or rejects when the connection ends early. */
function post(url: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const stable = (answer: RawAnswer) => ({
  status: answer.status,
  text: answer.text,
  headers: Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !PER_ANSWER.has(name))),
});

describe('long known answers passed on as they arrive', () => {
  const services = new SeparateServices();
  const lines: string[] = [];
  let relay: SubgraphRelay;

  beforeAll(async () => {
    await services.start({
      seed: async (dao) => {
        for (let n = 0; n < PEOPLE; n += 1) {
          await dao.create(personInput(String(50_000 + n), { middleName: null }) as Parameters<PeopleDao['create']>[0]);
        }
      },
      route: async ({ read }) => {
        const { hostname, port } = new URL(read);
        relay = new SubgraphRelay({ host: hostname, port: Number(port) });
        return { read: await relay.listen() };
      },
      gateway: { logLevel: 'info', bridgeSecret: SECRET, metrics: { host: '127.0.0.1', port: 0 } },
      gatewayLogger: createLogger({
        service: 'gateway',
        level: 'info',
        destination: { write: (line: string) => lines.push(line) },
      }),
      bridge: { bridgeSecret: SECRET, listPageSize: 200 },
    });
  });

  afterAll(async () => {
    await services.close();
    await relay.close();
  });

  afterEach(() => {
    relay.cutAfter = undefined;
    relay.holdAfter = undefined;
  });

  const knownAnswers = async () => {
    if (!services.gateway.metricsUrl) throw new Error('gateway metrics are off');
    return sampleSum(await (await fetch(services.gateway.metricsUrl)).text(), 'graphql_known_operation_answers_total');
  };
  const page = (n: number) => JSON.stringify({ query: `${PAGE}${' '.repeat(n)}`, variables: { first: PEOPLE } });
  const fromBridge = { [BRIDGE_SECRET_HEADER]: SECRET };

  it('passes a long answer on with the status, headers and body of the general path', async () => {
    const request = page(1);
    const before = await knownAnswers();
    const general = await post(services.gateway.url, request, fromBridge);
    const passed = await post(services.gateway.url, request, { ...fromBridge, [REQUEST_ID_HEADER]: 'pass-on-1' });
    expect(general.status).toBe(200);
    expect(Buffer.byteLength(general.text)).toBeGreaterThan(PASS_ON_BYTES);
    const people = (JSON.parse(general.text) as { data: { people: { edges: unknown[] } } }).data.people.edges;
    expect(people).toHaveLength(PEOPLE);
    expect(stable(passed)).toEqual(stable(general));
    expect(passed.headers['content-length']).toBe(String(Buffer.byteLength(passed.text)));
    expect(await knownAnswers()).toBe(before + 1);
    const access = lines.filter((line) => line.includes('"requestId":"pass-on-1"') && line.includes('"status":200'));
    expect(access).toHaveLength(1);
  });

  it("ends the client's connection when the subgraph's answer is cut short after part of it went on, then answers again", async () => {
    const request = page(2);
    const whole = await post(services.gateway.url, request, fromBridge);
    relay.cutAfter = PASS_ON_BYTES + 1000;
    await expect(
      post(services.gateway.url, request, { ...fromBridge, [REQUEST_ID_HEADER]: 'pass-on-cut' }),
    ).rejects.toThrow();
    expect(
      lines.some((line) => line.includes('"requestId":"pass-on-cut"') && line.includes('cut short while passed on')),
    ).toBe(true);
    relay.cutAfter = undefined;
    expect(stable(await post(services.gateway.url, request, fromBridge))).toEqual(stable(whole));
  });

  it('answers a cut short before anything went on from the one call already made, through the general path', async () => {
    const request = page(3);
    await post(services.gateway.url, request, fromBridge);
    relay.cutAfter = 100;
    const answer = await post(services.gateway.url, request, fromBridge);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  });

  it('stops the subgraph call when the client goes away in the middle of the answer', async () => {
    const request = page(4);
    await post(services.gateway.url, request, fromBridge);
    relay.holdAfter = PASS_ON_BYTES + 1000;
    const closedBefore = relay.closedByGateway;
    const { port } = new URL(services.gateway.url);
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.setHeader('content-type', 'application/json');
      req.setHeader(BRIDGE_SECRET_HEADER, SECRET);
      req.on('error', () => undefined);
      req.once('error', reject);
      req.end(request);
    });
    const deadline = Date.now() + 5000;
    while (relay.closedByGateway === closedBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(relay.closedByGateway).toBe(closedBefore + 1);
  });

  it("serves the bridge's GET / over pages passed on, every person once, in order", async () => {
    const response = await fetch(`${services.bridge.urls.read}/`);
    expect(response.status).toBe(200);
    const people = (await response.json()) as { document_id: string }[];
    expect(people.map((person) => person.document_id)).toEqual(
      Array.from({ length: PEOPLE }, (_, n) => String(50_000 + n)),
    );
  });
});
