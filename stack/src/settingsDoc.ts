import os from 'node:os';
import { z } from 'zod';
import { SUBGRAPH_NAMES, loadTracingConfig, observeSettingSchemas, type Env } from '@people/platform';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import { loadGatewayConfig } from '@people/gateway';
import { loadBridgeConfig } from '@people/rest-bridge';
import { loadStackConfig } from './config';

/**
 * Writes docs/configuration.md from the settings' zod schemas, so that each default is stated
 * once, in the schema. Every loader is run with an empty environment while `loadEnv` records the
 * schemas it is given; a key's default is what its schema makes of a missing value. What a
 * setting means is written here, by name; a setting without a meaning is an error.
 */

type Reader = SubgraphNameLabel | 'gateway' | 'bridge' | 'npm start';
type SubgraphNameLabel = `${(typeof SUBGRAPH_NAMES)[number]} subgraph`;

const SECTIONS = [
  'Every service',
  'Store',
  'Photos and uploads',
  'Subgraphs',
  'Gateway',
  'REST bridge',
  'Facing clients (gateway and REST bridge)',
  'Authentication (gateway and REST bridge)',
  'Tracing (OpenTelemetry)',
  'Metrics (Prometheus)',
  '`npm start`',
] as const;
type Section = (typeof SECTIONS)[number];

const upper = (name: string) => name.toUpperCase();

/** Section and meaning of every setting, by variable name. */
const MEANINGS: Record<string, [Section, string]> = {
  NODE_ENV: [
    'Every service',
    '`production` turns off stack traces in errors, introspection and the landing page, and allows no cross-origin caller by default',
  ],
  LOG_LEVEL: ['Every service', '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`'],
  SHUTDOWN_GRACE_MS: ['Every service', 'how long requests in flight may run on after SIGTERM, in ms'],
  MONGODB_URI: [
    'Store',
    'MongoDB connection string (`mongodb://` or `mongodb+srv://`); unset, the embedded store is used. The gateway and the bridge keep their rate-limit counts there when given it',
  ],
  MONGODB_DB: ['Store', 'database name'],
  MONGODB_WRITE_CONCERN: ['Store', '`majority` or `1`'],
  MONGODB_POOL_SIZE: ['Store', 'most connections per process'],
  MONGODB_TIMEOUT_MS: ['Store', 'bound on server selection, connecting and each operation, in ms'],
  DATA_DIR: ['Store', 'the embedded store\u2019s folder; local photos go in `DATA_DIR/photos`'],
  CLOUDINARY_URL: ['Photos and uploads', '`cloudinary://<api_key>:<api_secret>@<cloud_name>`: photos on Cloudinary'],
  CLOUDINARY_CLOUD_NAME: [
    'Photos and uploads',
    'Cloudinary as three settings instead of `CLOUDINARY_URL`: all three or none',
  ],
  CLOUDINARY_API_KEY: ['Photos and uploads', 'see `CLOUDINARY_CLOUD_NAME`'],
  CLOUDINARY_API_SECRET: ['Photos and uploads', 'see `CLOUDINARY_CLOUD_NAME`'],
  PUBLIC_BASE_URL: ['Photos and uploads', 'base of local photo URLs: the address clients reach the gateway at'],
  DEPLOYMENT_NODES: [
    'Photos and uploads',
    'how many machines the replicas may run on; above 1, local photos are refused unless `PHOTO_STORE_SHARED`',
  ],
  PHOTO_STORE_SHARED: ['Photos and uploads', '`true` declares `DATA_DIR/photos` one volume every replica mounts'],
  UPLOAD_IDLE_TIMEOUT_MS: [
    'Photos and uploads',
    'how long a photo upload may go without a byte arriving, in ms (`408` past it)',
  ],
  UPLOAD_TIMEOUT_MS: ['Photos and uploads', 'how long a photo upload may take in all, in ms (`408` past it)'],
  PHOTO_PLACEHOLDER_URL: ['REST bridge', '`photo_url` of people without a photo'],
  SUBGRAPH_HOST: [
    'Subgraphs',
    'interface the subgraphs listen on; beyond loopback (127.0.0.0/8, `::1`, `localhost`) only with `SUBGRAPH_SHARED_SECRET`',
  ],
  SUBGRAPH_SHARED_SECRET: [
    'Subgraphs',
    'when set (16+ characters), subgraphs answer only requests carrying it; the gateway sends it; required beyond loopback',
  ],
  GATEWAY_HOST: ['Gateway', 'interface the gateway listens on'],
  GATEWAY_PORT: ['Gateway', 'the gateway\u2019s port (`/graphql`, `/photos/<key>`, health)'],
  SUBGRAPH_TIMEOUT_MS: ['Gateway', 'bound on one call to a subgraph, in ms'],
  GATEWAY_INTROSPECTION: ['Gateway', 'introspection and the landing page (GraphiQL or Sandbox)'],
  GATEWAY_LANDING_PAGE: [
    'Gateway',
    '`graphiql` (served locally, works offline) or `sandbox` (Apollo Sandbox from Apollo\u2019s CDN: needs internet access)',
  ],
  GATEWAY_BODY_LIMIT: ['Gateway', 'largest JSON request body (`413 PAYLOAD_TOO_LARGE`)'],
  GATEWAY_MAX_DEPTH: ['Gateway', 'operation limit: selection depth'],
  GATEWAY_MAX_ALIASES: ['Gateway', 'operation limit: aliases in one operation'],
  GATEWAY_MAX_TOKENS: ['Gateway', 'operation limit: tokens in the document'],
  GATEWAY_MAX_DIRECTIVES: ['Gateway', 'operation limit: directives in one operation'],
  GATEWAY_MAX_COST: ['Gateway', 'operation limit: the operation\u2019s cost, with its variables'],
  GATEWAY_BLOCK_FIELD_SUGGESTIONS: [
    'Gateway',
    'hide "Did you mean \u2026?" hints on fields, arguments, types and enum values',
  ],
  GATEWAY_SUBGRAPH_TRACES: [
    'Gateway',
    'ask subgraphs for federated traces (ftv1) and log where each call spent its time ([federation.md](federation.md))',
  ],
  BRIDGE_SHARED_SECRET: [
    'Facing clients (gateway and REST bridge)',
    'the bridge sends it (16+ characters) in `x-bridge-secret`; the gateway\u2019s rate limit does not count calls that carry it, and only they get the list\u2019s larger pages (`BRIDGE_LIST_PAGE_SIZE`). `npm start` makes one per run when it is unset',
  ],
  BRIDGE_HOST: ['REST bridge', 'interface the four ports listen on'],
  GATEWAY_URL: ['REST bridge', 'the gateway (`npm start` uses the one it starts)'],
  BRIDGE_COMPAT: [
    'REST bridge',
    '`legacy`: answer as the older FastAPI services did; `strict`: `409`, `413`, `415` and unknown fields refused',
  ],
  BRIDGE_JSON_LIMIT: ['REST bridge', 'largest JSON body'],
  BRIDGE_GATEWAY_TIMEOUT_MS: [
    'REST bridge',
    'bound on one call to the gateway, in ms; longer than `SUBGRAPH_TIMEOUT_MS`, so that the gateway\u2019s answer naming a slow subgraph arrives first',
  ],
  BRIDGE_GATEWAY_CONNECTIONS: ['REST bridge', 'most keep-alive connections to the gateway'],
  BRIDGE_LIST_PAGE_SIZE: [
    'REST bridge',
    'people per gateway call while `GET /` streams everyone, 1 to 5000; above the public limit of 100 only with `BRIDGE_SHARED_SECRET`, which the gateway must share (without it, 100)',
  ],
  BRIDGE_UPLOAD_CONNECTIONS: [
    'REST bridge',
    'most connections relaying photo uploads to the gateway, apart from the others',
  ],
  BRIDGE_PUBLIC_READ_URL: [
    'REST bridge',
    'base of the `Location` header on create; unset, the request\u2019s host name and the read port',
  ],
  RATE_LIMIT_PER_MINUTE: [
    'Facing clients (gateway and REST bridge)',
    'requests per client IP per minute; `0` turns the limit off',
  ],
  CORS_ORIGINS: [
    'Facing clients (gateway and REST bridge)',
    'allowed origins, comma-separated, or `*`; unset: any in development, none in production',
  ],
  TRUST_PROXY: [
    'Facing clients (gateway and REST bridge)',
    'whose `X-Forwarded-For` names the client (Express "trust proxy": `loopback`, `uniquelocal`, addresses or subnets, a hop count, `true` or `false`)',
  ],
  AUTH_JWKS_URL: [
    'Authentication (gateway and REST bridge)',
    'an identity provider\u2019s JWKS: turns authentication on ([security.md](security.md))',
  ],
  AUTH_JWT_SECRET: [
    'Authentication (gateway and REST bridge)',
    'one shared HS256 secret (32+ characters) instead of `AUTH_JWKS_URL`',
  ],
  AUTH_ISSUER: ['Authentication (gateway and REST bridge)', 'required `iss`; required with a key source'],
  AUTH_AUDIENCE: ['Authentication (gateway and REST bridge)', 'required `aud`; required with a key source'],
  AUTH_CLOCK_TOLERANCE_SECONDS: ['Authentication (gateway and REST bridge)', 'clock skew allowed on `exp` and `nbf`'],
  AUTH_JWKS_TIMEOUT_MS: ['Authentication (gateway and REST bridge)', 'bound on one JWKS fetch, in ms'],
  OTEL_EXPORTER_OTLP_ENDPOINT: [
    'Tracing (OpenTelemetry)',
    'an OTLP/HTTP collector: turns tracing on ([operations.md](operations.md#tracing-opentelemetry))',
  ],
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ['Tracing (OpenTelemetry)', 'the same, for traces only'],
  OTEL_TRACES_EXPORTER: ['Tracing (OpenTelemetry)', '`otlp` or `console` turns tracing on; `none` keeps it off'],
  OTEL_EXPORTER_OTLP_PROTOCOL: ['Tracing (OpenTelemetry)', '`http/protobuf` or `http/json`; unset, `http/protobuf`'],
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: ['Tracing (OpenTelemetry)', 'the same, for traces only'],
  OTEL_SERVICE_NAME: ['Tracing (OpenTelemetry)', 'one `service.name` for every service instead of each its own'],
  OTEL_SDK_DISABLED: ['Tracing (OpenTelemetry)', '`true` keeps tracing off whatever else is set'],
  METRICS_HOST: ['Metrics (Prometheus)', 'interface of the metrics listeners (`0.0.0.0` in a container)'],
  GATEWAY_METRICS_PORT: ['Metrics (Prometheus)', 'serve the gateway\u2019s `GET /metrics` on this port; unset, none'],
  BRIDGE_METRICS_PORT: [
    'Metrics (Prometheus)',
    'serve the bridge\u2019s `GET /metrics` (its four ports together) on this port; unset, none',
  ],
  STACK_GATEWAY_WORKERS: [
    '`npm start`',
    'gateway processes `npm start` runs (they share the port); by default half the cores left after the subgraphs\u2019 one, at least 1',
  ],
  STACK_BRIDGE_WORKERS: [
    '`npm start`',
    'REST bridge processes `npm start` runs (they share the ports); by default as many as the gateway\u2019s',
  ],
};
for (const name of SUBGRAPH_NAMES) {
  MEANINGS[`${upper(name)}_SUBGRAPH_PORT`] = ['Subgraphs', `the ${name} subgraph\u2019s port`];
  MEANINGS[`${upper(name)}_SUBGRAPH_URL`] = [
    'Gateway',
    `where the ${name} subgraph is (\`npm start\` uses the one it starts)`,
  ];
  MEANINGS[`${upper(name)}_SUBGRAPH_METRICS_PORT`] = [
    'Metrics (Prometheus)',
    `serve the ${name} subgraph\u2019s \`GET /metrics\` on this port; unset, none`,
  ];
}
for (const role of ['create', 'read', 'update', 'delete']) {
  MEANINGS[`BRIDGE_${upper(role)}_PORT`] = ['REST bridge', `the ${role} port`];
}

interface Seen {
  readers: Set<Reader>;
  /** The default under each condition it was computed for. */
  defaults: Map<string, string>;
}

/** What a schema makes of a missing value: `undefined` for a setting that is unset by default. */
function defaultOf(schema: z.ZodType): string {
  if ((schema as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'optional') return 'unset';
  const result = z.object({ value: schema }).safeParse({});
  if (!result.success) return 'required';
  const value: unknown = result.data.value;
  if (value === undefined) return 'unset';
  const shown =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
  return `\`${shown}\``;
}

/** Runs every loader under each condition, recording which reads what and its default there. */
function collect(): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  const originalCores = os.availableParallelism;
  let reader: Reader = 'npm start';
  let condition = '';
  observeSettingSchemas((schema) => {
    for (const [key, keySchema] of Object.entries(schema.shape)) {
      const entry = seen.get(key) ?? { readers: new Set<Reader>(), defaults: new Map<string, string>() };
      entry.readers.add(reader);
      if (!entry.defaults.has(condition)) entry.defaults.set(condition, defaultOf(keySchema as z.ZodType));
      seen.set(key, entry);
    }
  });
  const loaders: [Reader, (env: Env) => unknown][] = [
    ...SUBGRAPH_NAMES.map((name): [Reader, (env: Env) => unknown] => [
      `${name} subgraph`,
      (env) => {
        loadTracingConfig(env);
        return loadSubgraphConfig(name, env);
      },
    ]),
    [
      'gateway',
      (env) => {
        loadTracingConfig(env);
        return loadGatewayConfig(env);
      },
    ],
    [
      'bridge',
      (env) => {
        loadTracingConfig(env);
        return loadBridgeConfig(env);
      },
    ],
    ['npm start', (env) => loadStackConfig(env)],
  ];
  try {
    for (const cores of [1, 2, 4, 8, 16]) {
      os.availableParallelism = () => cores;
      for (const nodeEnv of ['development', 'production']) {
        condition = `${nodeEnv} ${cores}`;
        for (const [name, load] of loaders) {
          reader = name;
          load(nodeEnv === 'production' ? { NODE_ENV: 'production' } : {});
        }
      }
    }
  } finally {
    observeSettingSchemas(undefined);
    os.availableParallelism = originalCores;
  }
  return seen;
}

const SUBGRAPH_READERS: Reader[] = SUBGRAPH_NAMES.map((name): Reader => `${name} subgraph`);

function usedBy(readers: Set<Reader>): string {
  const services = [...readers].filter((r) => r !== 'npm start');
  if (services.length === 0) return '`npm start`';
  const subgraphs = SUBGRAPH_READERS.filter((r) => readers.has(r));
  const parts: string[] = [];
  if (subgraphs.length === SUBGRAPH_READERS.length) {
    if (readers.has('gateway') && readers.has('bridge')) return 'all';
    parts.push('subgraphs');
  } else {
    parts.push(...subgraphs);
  }
  if (readers.has('gateway')) parts.push('gateway');
  if (readers.has('bridge')) parts.push('bridge');
  return parts.join(', ');
}

function defaultText(defaults: Map<string, string>): string {
  const at = (nodeEnv: string, cores: number) => defaults.get(`${nodeEnv} ${cores}`) ?? '?';
  const values = new Set(defaults.values());
  if (values.size === 1) return [...values][0] ?? '?';
  const byEnv = at('development', 1) !== at('production', 1);
  if (byEnv) return `${at('development', 1)} in development, ${at('production', 1)} in production`;
  const cores = [1, 2, 4, 8, 16];
  return `by cores: ${cores.map((n) => `${at('development', n)} on ${n}`).join(', ')}`;
}

/** Display width as Prettier counts it for the characters used here: one per code point. */
const width = (text: string) => Array.from(text).length;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Every setting some loader reads, with its default and who reads it. */
export function settings(): { name: string; section: string; default: string; usedBy: string; meaning?: string }[] {
  return [...collect()].map(([name, entry]) => ({
    name,
    section: MEANINGS[name]?.[0] ?? '',
    default: defaultText(entry.defaults),
    usedBy: usedBy(entry.readers),
    ...(MEANINGS[name] ? { meaning: MEANINGS[name][1] } : {}),
  }));
}

/** The text of docs/configuration.md. */
export function renderSettingsDoc(): string {
  const all = settings();
  const missing = all.filter((s) => s.meaning === undefined).map((s) => s.name);
  if (missing.length > 0)
    throw new Error(`settings without a meaning in stack/src/settingsDoc.ts: ${missing.join(', ')}`);
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated by `npm run docs:settings` from the settings\u2019 schemas (stack/src/settingsDoc.ts); do not edit. -->',
    '',
    'Every setting is an environment variable. Each service reads only its own, validates them all at start-up and',
    'refuses to start with a message naming every bad one; an empty value counts as unset. `.env.example` lists them',
    'all (a test checks it gives these defaults). `npm start` reads every service\u2019s settings from one environment.',
    '',
    'The defaults below are read from the schemas themselves. "read by" names the services whose loaders read a setting',
    '("all": every subgraph, the gateway and the REST bridge).',
  ];
  for (const section of SECTIONS) {
    const order = Object.keys(MEANINGS);
    const rows = all.filter((s) => s.section === section).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    if (rows.length === 0) continue;
    lines.push(
      '',
      `## ${section}`,
      '',
      ...table(
        ['setting', 'default', 'read by', 'meaning'],
        rows.map((s) => [`\`${s.name}\``, s.default, s.usedBy, s.meaning ?? '']),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
