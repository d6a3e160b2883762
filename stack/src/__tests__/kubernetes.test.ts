import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadBridgeConfig } from '@people/rest-bridge';
import { loadGatewayConfig } from '@people/gateway';
import { type Env, type SubgraphName } from '@people/platform';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1';
import type { IContainer, IProbe } from 'kubernetes-models/v1';
import { loadStackConfig } from '../config';
import { OVERLAYS, Rendered, externalPeer, renderOverlay, validateObject, type Overlay } from './support/kubernetes';
import { settingsRead } from './support/settingsRead';
import { startTestStack, type TestStack } from './support/testStack';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SUBGRAPHS = ['subgraph-create', 'subgraph-read', 'subgraph-update', 'subgraph-delete'];
const SERVICES = [...SUBGRAPHS, 'gateway', 'rest-bridge'];
const BRIDGE_PORTS = [8011, 8012, 8013, 8014];

/** The edges of the architecture (docs/operations.md, "Running at scale"): who may open a connection to whom. */
const ARCHITECTURE = [
  'ingress-controller -> gateway:4000/TCP',
  ...BRIDGE_PORTS.map((port) => `ingress-controller -> rest-bridge:${port}/TCP`),
  'rest-bridge -> gateway:4000/TCP',
  ...SUBGRAPHS.map((name, i) => `gateway -> ${name}:${4001 + i}/TCP`),
  // The store; and the rate-limit counters that the gateway's and the bridge's replicas share.
  ...[...SUBGRAPHS, 'gateway', 'rest-bridge'].map((name) => `${name} -> mongodb:27017/TCP`),
  // Cloudinary, for photos; the identity provider's JWKS, for tokens.
  ...['subgraph-update', 'subgraph-delete', 'gateway', 'rest-bridge'].map((name) => `${name} -> internet:443/TCP`),
  ...SERVICES.flatMap((name) => [`${name} -> dns:53/UDP`, `${name} -> dns:53/TCP`]),
].sort();

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  stop_grace_period?: string;
}
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** Where the manifests and docker-compose.yml differ on purpose, and why. */
const DIFFERENCES = {
  /** Set in Kubernetes only. Every one of them can be given to compose through .env (see the test). */
  kubernetesOnly: {
    // Photos on Cloudinary: local disk is one pod's alone (compose shares a volume).
    CLOUDINARY_URL: ['subgraph-update', 'subgraph-delete', 'gateway'],
    // Clients come through the ingress controller (compose publishes the bridge's ports itself).
    TRUST_PROXY: ['rest-bridge'],
    // The dev overlay's Sandbox.
    GATEWAY_INTROSPECTION: ['gateway'],
  } as Record<string, string[]>,
  /** Set in compose only: the Docker health check's URL, and the local photos' volume. */
  composeOnly: ['HEALTHCHECK_URL', 'DATA_DIR', 'PUBLIC_BASE_URL'],
};

/** What a service listens on and how long it drains, as its own loader reads the environment. */
function serviceConfig(name: string, env: Env): { ports: number[]; shutdownGraceMs: number } {
  if (name === 'gateway') {
    const config = loadGatewayConfig(env);
    return { ports: [config.port], shutdownGraceMs: config.shutdownGraceMs };
  }
  if (name === 'rest-bridge') {
    const config = loadBridgeConfig(env);
    return { ports: Object.values(config.ports), shutdownGraceMs: config.shutdownGraceMs };
  }
  const config = loadSubgraphConfig(name.replace(/^subgraph-/, '') as SubgraphName, env);
  return { ports: [config.port], shutdownGraceMs: config.shutdownGraceMs };
}

/** The container port a probe or a Service names, as a number. */
function portNumber(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function probes(container: IContainer): Record<'startup' | 'liveness' | 'readiness', IProbe | undefined> {
  return { startup: container.startupProbe, liveness: container.livenessProbe, readiness: container.readinessProbe };
}

/** `768Mi` → 768; the manifests write memory in Mi or Gi. */
function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (!match) throw new Error(`memory quantity not in Mi or Gi: ${String(quantity)}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

function namesOf(deployments: IDeployment[]): string[] {
  return deployments.map((d) => d.metadata?.name ?? '').sort();
}

/** The base name of a generated object (`people-auth-5f7c9k` → `people-auth`). */
function generatedName(name: string | undefined): string {
  return (name ?? '').replace(/-[a-z0-9]{10}$/, '');
}

const renders = new Map<Overlay, Rendered>();

beforeAll(() => {
  // The first run without kubectl builds kustomize (scripts/render-kubernetes.sh).
  for (const overlay of OVERLAYS) renders.set(overlay, new Rendered(renderOverlay(overlay)));
}, 300_000);

describe.each(OVERLAYS)('deploy/kubernetes/overlays/%s', (overlay) => {
  const rendered = () => renders.get(overlay) as Rendered;

  it('renders objects that are each valid against the Kubernetes API schema of their kind', () => {
    const { objects } = rendered();
    const problems = objects.flatMap((object) => {
      try {
        validateObject(object);
        return [];
      } catch (error) {
        return [
          `${object.kind} ${String(object.metadata?.name)}: ${error instanceof Error ? error.message : String(error)}`,
        ];
      }
    });
    expect(problems).toEqual([]);
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        'Namespace',
        'ConfigMap',
        'Secret',
        'Service',
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'NetworkPolicy',
        'Ingress',
      ]),
    );
  });

  it('runs every service as a Deployment with a Service that selects its pods and ports', () => {
    const r = rendered();
    expect(namesOf(r.deployments)).toEqual([...SERVICES].sort());
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name;
      const selected = r.selected(deployment.spec?.selector);
      expect([name, selected]).toEqual([name, [name]]);
    }
    expect(r.services.map((s) => s.metadata?.name).sort()).toEqual([...SERVICES].sort());
    for (const service of r.services) {
      const name = service.metadata?.name ?? '';
      expect([name, r.selected(service.spec?.selector)]).toEqual([name, [name]]);
      const container = r.container(r.deployment(name));
      for (const port of service.spec?.ports ?? []) {
        expect([name, port.port, portNumber(container, port.targetPort)]).toEqual([name, port.port, port.port]);
      }
    }
  });

  it('runs the image the Dockerfile builds with the commands docker-compose.yml runs', () => {
    const r = rendered();
    const images = new Set(r.deployments.map((d) => r.container(d).image));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/(^|\/)people-service:[\w.-]+$/);
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      expect([name, r.container(deployment).command]).toEqual([name, compose.services[name]?.command]);
    }
  });

  it('probes /healthz for liveness and start-up, and /readyz for readiness, on a port the service listens on', () => {
    const r = rendered();
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const container = r.container(deployment);
      const { ports } = serviceConfig(name, r.environment(deployment));
      const seen = Object.entries(probes(container)).map(([kind, probe]) => [
        name,
        kind,
        probe?.httpGet?.path,
        ports.includes(portNumber(container, probe?.httpGet?.port) ?? -1),
      ]);
      expect(seen).toEqual([
        [name, 'startup', '/healthz', true],
        [name, 'liveness', '/healthz', true],
        [name, 'readiness', '/readyz', true],
      ]);
    }
  });

  it('gives each service only settings its config loader knows, with values it accepts', () => {
    const r = rendered();
    // NODE_OPTIONS is read by Node itself.
    const known = new Set([...settingsRead(loadStackConfig), 'NODE_OPTIONS']);
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      expect([name, r.variableNames(deployment).filter((v) => !known.has(v))]).toEqual([name, []]);
      expect(() => serviceConfig(name, r.environment(deployment))).not.toThrow();
    }
  });

  it('reads every secret from a Secret the overlay makes, the MongoDB URI among them', () => {
    const r = rendered();
    const secretNames = new Set(r.secrets.map((s) => s.metadata?.name));
    expect([...secretNames].map(generatedName).sort()).toEqual(
      ['people-auth', 'people-bridge-secret', 'people-cloudinary', 'people-mongodb', 'people-subgraph-secret'].sort(),
    );
    for (const deployment of r.deployments) {
      for (const variable of r.container(deployment).env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (!ref) continue;
        // An optional reference to a misspelt Secret would silently leave the setting out.
        expect([variable.name, secretNames.has(ref.name), ref.key]).toEqual([variable.name, true, variable.name]);
      }
    }
    for (const name of [...SUBGRAPHS, 'gateway', 'rest-bridge']) {
      const refs = (r.container(r.deployment(name)).env ?? []).map((v) => v.valueFrom?.secretKeyRef?.name);
      expect([name, refs.some((ref) => generatedName(ref) === 'people-mongodb')]).toEqual([name, true]);
    }
  });

  it('stops each pod only after the preStop pause and SHUTDOWN_GRACE_MS have passed', () => {
    const r = rendered();
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const { shutdownGraceMs } = serviceConfig(name, r.environment(deployment));
      const [command, seconds] = r.container(deployment).lifecycle?.preStop?.exec?.command ?? [];
      expect([name, command]).toEqual([name, 'sleep']);
      const pauseMs = Number(seconds) * 1000;
      expect(pauseMs).toBeGreaterThan(0);
      const terminationMs = (deployment.spec?.template.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
      expect([name, terminationMs > pauseMs + shutdownGraceMs]).toEqual([name, true]);
    }
  });

  it('runs as a non-root user on a read-only root filesystem, without privileges', () => {
    const r = rendered();
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const pod = deployment.spec?.template.spec;
      const container = r.container(deployment);
      expect([name, pod?.securityContext?.runAsNonRoot, pod?.automountServiceAccountToken]).toEqual([
        name,
        true,
        false,
      ]);
      expect([name, container.securityContext]).toEqual([
        name,
        { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      ]);
      expect([name, pod?.volumes ?? []]).toEqual([name, []]);
    }
  });

  it('requests memory and CPU, limits memory, and leaves the gateway room above its heap bound', () => {
    const r = rendered();
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const { requests, limits } = r.container(deployment).resources ?? {};
      expect([name, Object.keys(requests ?? {}).sort(), Object.keys(limits ?? {})]).toEqual([
        name,
        ['cpu', 'memory'],
        ['memory'],
      ]);
      expect(mebibytes(limits?.memory)).toBeGreaterThanOrEqual(mebibytes(requests?.memory));
    }
    const gateway = r.deployment('gateway');
    const nodeOptions = r.environment(gateway).NODE_OPTIONS;
    expect(nodeOptions).toBe(compose.services.gateway?.environment?.NODE_OPTIONS);
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions ?? '')?.[1]);
    // Beyond the old space: the young generation, code, and buffers outside the heap.
    expect(mebibytes(r.container(gateway).resources?.limits?.memory)).toBeGreaterThanOrEqual(heapMb + 128);
  });

  it('autoscales the gateway, the bridge and the read subgraph on CPU, and leaves their replica count to it', () => {
    const r = rendered();
    const targets = r.autoscalers.map((hpa) => hpa.spec?.scaleTargetRef.name ?? '').sort();
    expect(targets).toEqual(['gateway', 'rest-bridge', 'subgraph-read']);
    for (const hpa of r.autoscalers) {
      const target = r.deployment(hpa.spec?.scaleTargetRef.name ?? '');
      expect([hpa.metadata?.name, target.spec?.replicas]).toEqual([hpa.metadata?.name, undefined]);
      expect(r.container(target).resources?.requests?.cpu).toBeDefined();
      expect(hpa.spec?.metrics?.map((m) => m.resource?.name)).toEqual(['cpu']);
      expect(hpa.spec?.minReplicas ?? 1).toBeLessThanOrEqual(hpa.spec?.maxReplicas ?? 0);
    }
    for (const deployment of r.deployments.filter((d) => !targets.includes(d.metadata?.name ?? ''))) {
      expect(deployment.spec?.replicas).toBeGreaterThanOrEqual(1);
    }
  });

  it('lets a voluntary disruption take one pod of each service at a time', () => {
    const r = rendered();
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const budgets = r.disruptionBudgets.filter((pdb) => r.selected(pdb.spec?.selector).includes(name));
      expect([name, budgets.map((pdb) => pdb.spec?.maxUnavailable)]).toEqual([name, [1]]);
    }
  });

  it('routes one host to the gateway and one to each REST port', () => {
    const r = rendered();
    expect(r.ingresses).toHaveLength(1);
    const rules = r.ingresses[0]?.spec?.rules ?? [];
    const backends = rules.flatMap((rule) =>
      (rule.http?.paths ?? []).map((p) => {
        const service = r.services.find((s) => s.metadata?.name === p.backend.service?.name);
        const port = service?.spec?.ports?.find((sp) => sp.name === p.backend.service?.port?.name);
        return `${String(service?.metadata?.name)}:${String(port?.port)}`;
      }),
    );
    expect(backends.sort()).toEqual(['gateway:4000', ...BRIDGE_PORTS.map((p) => `rest-bridge:${p}`)].sort());
    expect(new Set(rules.map((rule) => rule.host)).size).toBe(rules.length);
  });

  it('lets through exactly the edges of the architecture, and denies everything else', () => {
    const r = rendered();
    const denyAll = r.networkPolicies.find((p) => p.metadata?.name === 'default-deny');
    expect(denyAll?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

    /** Our pods a peer names, or the one thing outside the namespace it stands for. */
    const peerNames = (peer: INetworkPolicyPeer) =>
      peer.podSelector && !peer.namespaceSelector && !peer.ipBlock
        ? r.selected(peer.podSelector)
        : [externalPeer(peer)];
    const ingress = new Set<string>();
    const egress = new Set<string>();
    for (const policy of r.networkPolicies) {
      const targets = r.selected(policy.spec?.podSelector);
      for (const [rules, record] of [
        [policy.spec?.ingress?.map((rule) => ({ peers: rule.from, ports: rule.ports })), ingress],
        [policy.spec?.egress?.map((rule) => ({ peers: rule.to, ports: rule.ports })), egress],
      ] as const) {
        for (const rule of rules ?? []) {
          // A rule without peers or ports would open every address or every port.
          expect([policy.metadata?.name, rule.peers?.length ?? 0, rule.ports?.length ?? 0]).not.toContainEqual(0);
          for (const peer of rule.peers ?? [])
            for (const other of peerNames(peer))
              for (const port of rule.ports ?? [])
                for (const target of targets) {
                  const [from, to] = record === ingress ? [other, target] : [target, other];
                  record.add(`${from} -> ${to}:${String(port.port)}/${port.protocol ?? 'TCP'}`);
                }
        }
      }
    }
    const ours = new Set(SERVICES);
    const podToPod = (edge: string) => {
      const [from, to] = edge.split(/ -> |:/);
      return ours.has(from ?? '') && ours.has(to ?? '');
    };
    // Between two of our pods a connection needs the caller's egress and the callee's ingress.
    const allowed = [
      ...[...ingress].filter((edge) => !podToPod(edge) || egress.has(edge)),
      ...[...egress].filter((edge) => !podToPod(edge)),
    ];
    expect([...new Set(allowed)].sort()).toEqual(ARCHITECTURE);
    const halfOpen = [...ingress, ...egress].filter(
      (edge) => podToPod(edge) && !(ingress.has(edge) && egress.has(edge)),
    );
    expect(halfOpen).toEqual([]);
  });

  it('sets per service the same variables as docker-compose.yml, apart from the documented differences', () => {
    const r = rendered();
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const optional = (r.container(deployment).env ?? [])
        .filter((v) => v.valueFrom?.secretKeyRef?.optional)
        .map((v) => v.name);
      const kubernetesOnly = [
        ...optional,
        ...Object.entries(DIFFERENCES.kubernetesOnly)
          .filter(([, services]) => services.includes(name))
          .map(([variable]) => variable),
      ];
      const inKubernetes = r.variableNames(deployment).filter((v) => !kubernetesOnly.includes(v));
      const inCompose = Object.keys(compose.services[name]?.environment ?? {})
        .filter((v) => !DIFFERENCES.composeOnly.includes(v))
        .sort();
      expect([name, inKubernetes]).toEqual([name, inCompose]);
      // What compose does not set explicitly, its services can still be given through .env.
      for (const variable of kubernetesOnly) expect(example).toMatch(new RegExp(`^(# )?${variable}=`, 'm'));
    }
  });
});

describe('docker-compose.yml and the manifests', () => {
  it('give a stopping container as long as a stopping pod: longer than SHUTDOWN_GRACE_MS', () => {
    const r = renders.get('prod') as Rendered;
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const { shutdownGraceMs } = serviceConfig(name, r.environment(deployment));
      const composeSeconds = Number(/^(\d+)s$/.exec(compose.services[name]?.stop_grace_period ?? '')?.[1]);
      expect([name, composeSeconds * 1000 > shutdownGraceMs]).toEqual([name, true]);
    }
  });
});

describe('the probes of the manifests against the running services', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ production: true });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('get 200 from every probe path on each service', async () => {
    const r = renders.get('prod') as Rendered;
    /** Where, in the test stack, the listener a manifest's port stands for is. */
    const listener = (name: string, port: number): string => {
      if (name === 'gateway') return stack.urls.gateway;
      if (name === 'rest-bridge') {
        const { ports } = loadBridgeConfig(r.environment(r.deployment(name)));
        const role = (Object.keys(ports) as (keyof typeof ports)[]).find((key) => ports[key] === port);
        return role ? stack.urls.bridge[role] : 'http://unknown.invalid';
      }
      return stack.urls.subgraphs[name.replace(/^subgraph-/, '') as SubgraphName];
    };
    const answers: string[] = [];
    const expected: string[] = [];
    for (const deployment of r.deployments) {
      const name = deployment.metadata?.name ?? '';
      const container = r.container(deployment);
      for (const [kind, probe] of Object.entries(probes(container))) {
        const port = portNumber(container, probe?.httpGet?.port) ?? -1;
        const url = new URL(probe?.httpGet?.path ?? '/missing', listener(name, port));
        const response = await fetch(url);
        answers.push(`${name} ${kind} ${url.pathname}: ${response.status}`);
        expected.push(`${name} ${kind} ${url.pathname}: 200`);
      }
    }
    expect(answers).toEqual(expected);
  });
});
