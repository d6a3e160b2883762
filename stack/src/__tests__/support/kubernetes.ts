import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { TypeMeta } from '@kubernetes-models/base';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import {
  Ingress,
  NetworkPolicy,
  type IIngress,
  type INetworkPolicy,
  type INetworkPolicyPeer,
} from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  Namespace,
  Secret,
  Service,
  type IConfigMap,
  type IContainer,
  type ISecret,
  type IService,
} from 'kubernetes-models/v1';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export const OVERLAYS = ['dev', 'prod'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** The kinds the manifests use, each with the model that validates it against the API's schema. */
const MODELS = [
  ConfigMap,
  Secret,
  Service,
  Namespace,
  Deployment,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  NetworkPolicy,
  Ingress,
];

export interface KubeObject extends TypeMeta {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

/** What `scripts/render-kubernetes.sh` prints for an overlay, one object per document. */
export function renderOverlay(overlay: Overlay): KubeObject[] {
  const yaml = execFileSync(path.join(ROOT, 'scripts', 'render-kubernetes.sh'), [overlay], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(yaml).map((document) => document.toJS() as KubeObject);
}

/**
 * Validates one object against the Kubernetes API's JSON schema for its kind (types, formats such
 * as quantities, required fields); throws naming what is wrong, or that the kind is not one known.
 */
export function validateObject(object: KubeObject): void {
  const Model = MODELS.find((model) => model.apiVersion === object.apiVersion && model.kind === object.kind);
  if (!Model) throw new Error(`${object.apiVersion}/${object.kind} is not a kind the manifests are checked for`);
  // Each model takes the data of its own kind; the match above makes this that kind.
  new Model(withoutBase64LineBreaks(object)).validate();
}

/**
 * kustomize wraps long base64 values of a Secret's data over several lines; the API server's
 * decoder (Go's encoding/base64) skips line breaks, the schema's "byte" format does not.
 */
function withoutBase64LineBreaks(object: KubeObject): KubeObject {
  if (!Secret.is(object) || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, value.replace(/\n/g, '')]));
  return { ...object, data } as KubeObject;
}

/** The objects of a render, by kind, typed. */
export class Rendered {
  readonly deployments: IDeployment[];
  readonly services: IService[];
  readonly configMaps: IConfigMap[];
  readonly secrets: ISecret[];
  readonly autoscalers: IHorizontalPodAutoscaler[];
  readonly disruptionBudgets: IPodDisruptionBudget[];
  readonly networkPolicies: INetworkPolicy[];
  readonly ingresses: IIngress[];

  constructor(readonly objects: KubeObject[]) {
    this.deployments = objects.filter(Deployment.is);
    this.services = objects.filter(Service.is);
    this.configMaps = objects.filter(ConfigMap.is);
    this.secrets = objects.filter(Secret.is);
    this.autoscalers = objects.filter(HorizontalPodAutoscaler.is);
    this.disruptionBudgets = objects.filter(PodDisruptionBudget.is);
    this.networkPolicies = objects.filter(NetworkPolicy.is);
    this.ingresses = objects.filter(Ingress.is);
  }

  deployment(name: string): IDeployment {
    const found = this.deployments.find((d) => d.metadata?.name === name);
    if (!found) throw new Error(`no Deployment ${name}`);
    return found;
  }

  /** The one container of a Deployment. */
  container(deployment: IDeployment): IContainer {
    const containers = deployment.spec?.template.spec?.containers ?? [];
    if (containers.length !== 1)
      throw new Error(`${String(deployment.metadata?.name)}: ${containers.length} containers`);
    return containers[0] as IContainer;
  }

  /**
   * The environment a Deployment's container starts with: its ConfigMaps' keys, then its own
   * variables, each secret one read from the rendered Secret (an optional one left out when absent).
   */
  environment(deployment: IDeployment): Record<string, string> {
    const container = this.container(deployment);
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      const name = source.configMapRef?.name;
      const configMap = this.configMaps.find((c) => c.metadata?.name === name);
      if (!configMap) throw new Error(`${String(deployment.metadata?.name)}: no ConfigMap ${String(name)}`);
      Object.assign(env, configMap.data);
    }
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (!ref) {
        env[variable.name] = variable.value ?? '';
        continue;
      }
      const encoded = this.secrets.find((s) => s.metadata?.name === ref.name)?.data?.[ref.key];
      if (encoded !== undefined) env[variable.name] = Buffer.from(encoded, 'base64').toString('utf8');
      else if (!ref.optional)
        throw new Error(`${String(deployment.metadata?.name)}: no key ${ref.key} in Secret ${String(ref.name)}`);
    }
    return env;
  }

  /** The names a Deployment's container is given, whatever their values. */
  variableNames(deployment: IDeployment): string[] {
    const container = this.container(deployment);
    const fromConfigMaps = (container.envFrom ?? []).flatMap((source) =>
      Object.keys(this.configMaps.find((c) => c.metadata?.name === source.configMapRef?.name)?.data ?? {}),
    );
    return [...fromConfigMaps, ...(container.env ?? []).map((variable) => variable.name)].sort();
  }

  /** The Deployments whose pods carry every label a selector asks for. */
  selected(selector: ILabelSelector | Record<string, string> | undefined): string[] {
    const wanted = selector && 'matchLabels' in selector ? selector.matchLabels : (selector as Record<string, string>);
    if (selector && 'matchExpressions' in selector) throw new Error('matchExpressions are not used here');
    return this.deployments
      .filter((d) => {
        const labels = d.spec?.template.metadata?.labels ?? {};
        return Object.entries(wanted ?? {}).every(([key, value]) => labels[key] === value);
      })
      .map((d) => d.metadata?.name ?? '');
  }
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** Outside the namespace: where a NetworkPolicy peer that is not one of our pods leads. */
export function externalPeer(peer: INetworkPolicyPeer): string {
  const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  const block = peer.ipBlock;
  if (block?.cidr === '0.0.0.0/0' && PRIVATE_RANGES.every((range) => block.except?.includes(range))) return 'internet';
  if (namespace === 'kube-system' && peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns') return 'dns';
  if (namespace === 'ingress-nginx' && !peer.podSelector) return 'ingress-controller';
  if (namespace === 'mongodb' && !peer.podSelector) return 'mongodb';
  throw new Error(`a peer the architecture does not have: ${JSON.stringify(peer)}`);
}
