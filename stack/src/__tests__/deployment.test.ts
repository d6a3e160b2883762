import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startScriptNodeFlags } from '@people/testing';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const services = compose.services;
const SUBGRAPHS = ['subgraph-create', 'subgraph-read', 'subgraph-update', 'subgraph-delete'];

describe('docker-compose.yml', () => {
  it('runs MongoDB, each subgraph, the gateway and the bridge as their own containers', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway', 'mongo', 'rest-bridge', ...SUBGRAPHS].sort());
    expect(services.mongo?.image).toMatch(/^mongo:\d/);
    expect(services.mongo?.volumes).toEqual(['mongo-data:/data/db']);
    expect(compose.volumes).toHaveProperty('mongo-data');
  });

  it('gives every service a healthcheck and a restart policy', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.healthcheck?.test?.length ?? 0]).not.toEqual([name, 0]);
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
    }
  });

  it('publishes only the gateway (4000) and the REST bridge (8011-8014)', () => {
    const published = Object.fromEntries(
      Object.entries(services)
        .filter(([, service]) => service.ports)
        .map(([name, service]) => [name, service.ports]),
    );
    expect(published).toEqual({
      gateway: ['4000:4000'],
      'rest-bridge': ['8011:8011', '8012:8012', '8013:8013', '8014:8014'],
    });
  });

  it('starts the services only once what they need is healthy', () => {
    for (const name of SUBGRAPHS)
      expect(services[name]?.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    for (const name of SUBGRAPHS)
      expect(services.gateway?.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    expect(services['rest-bridge']?.depends_on).toEqual({ gateway: { condition: 'service_healthy' } });
  });

  it('sets what each service needs to find the others', () => {
    for (const name of SUBGRAPHS) {
      expect(services[name]?.environment).toMatchObject({
        MONGODB_URI: expect.stringMatching(/^mongodb:\/\/mongo:27017/),
        SUBGRAPH_HOST: '0.0.0.0',
      });
    }
    expect(services.gateway?.environment).toMatchObject({
      CREATE_SUBGRAPH_URL: 'http://subgraph-create:4001/graphql',
      READ_SUBGRAPH_URL: 'http://subgraph-read:4002/graphql',
      UPDATE_SUBGRAPH_URL: 'http://subgraph-update:4003/graphql',
      DELETE_SUBGRAPH_URL: 'http://subgraph-delete:4004/graphql',
    });
    expect(services['rest-bridge']?.environment).toMatchObject({ GATEWAY_URL: 'http://gateway:4000/graphql' });
  });

  it('requires the subgraph and bridge secrets from .env, since the subgraphs listen beyond loopback', () => {
    const required = (name: string) => expect.stringMatching(new RegExp(`^\\$\\{${name}:\\?.*${name}.*\\}$`));
    for (const name of [...SUBGRAPHS, 'gateway']) {
      expect([name, services[name]?.environment?.SUBGRAPH_SHARED_SECRET]).toEqual([
        name,
        required('SUBGRAPH_SHARED_SECRET'),
      ]);
    }
    for (const name of ['gateway', 'rest-bridge']) {
      expect([name, services[name]?.environment?.BRIDGE_SHARED_SECRET]).toEqual([
        name,
        required('BRIDGE_SHARED_SECRET'),
      ]);
    }
  });

  it('bounds the gateway heap, which V8 would otherwise size from the host and grow lazily', () => {
    expect(services.gateway?.environment?.NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+$/);
  });

  it('runs one image whose start commands exist in the built output', () => {
    const images = new Set(
      Object.entries(services)
        .filter(([n]) => n !== 'mongo')
        .map(([, s]) => s.image),
    );
    expect([...images]).toEqual(['people-service:latest']);
    for (const [name, service] of Object.entries(services)) {
      if (name === 'mongo') continue;
      const [node, script] = service.command ?? [];
      expect(node).toBe('node');
      expect([name, fs.existsSync(path.join(ROOT, script ?? 'missing'))]).toEqual([name, true]);
    }
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs slim, as a non-root user, with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    const defaultCommand = /^CMD \["node", ((?:"--[^"]+", )*)"([^"]+)"\]$/m.exec(dockerfile);
    expect(fs.existsSync(path.join(ROOT, defaultCommand?.[2] ?? 'missing'))).toBe(true);
    // The image's default runs the launcher with npm start's node flags.
    const flags = [...(defaultCommand?.[1] ?? '').matchAll(/"([^"]+)"/g)].map(([, flag]) => flag);
    expect(flags).toEqual(startScriptNodeFlags(ROOT));
  });

  it('ships every production node_modules folder, including any that npm nests in a workspace', () => {
    expect(dockerfile).toMatch(/find \. -name node_modules -type d -prune/);
    expect(dockerfile).toMatch(/^COPY --from=production-deps \/deps\/ \.\/$/m);
    // After the clean-up that removes the build stage's (dev) node_modules from the subgraphs.
    expect(dockerfile.indexOf('COPY --from=production-deps')).toBeGreaterThan(dockerfile.indexOf('rm -rf subgraphs/'));
  });
});
