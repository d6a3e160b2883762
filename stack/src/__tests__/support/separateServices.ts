import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadGatewayConfig, start as startGateway, type GatewayConfig, type GatewayHandle } from '@people/gateway';
import { loadBridgeConfig, start as startBridge, type BridgeConfig, type BridgeHandle } from '@people/rest-bridge';
import { SUBGRAPH_NAMES, createLogger, type Logger, type SubgraphName } from '@people/platform';
import { openPeopleDao, openPhotoStore, type PeopleDao } from '@people/store';
import { loadSubgraphConfig, type SubgraphHandle } from '@people/subgraph-kit';
import { start as startCreate } from '@people/subgraph-create';
import { start as startDelete } from '@people/subgraph-delete';
import { start as startRead } from '@people/subgraph-read';
import { start as startUpdate } from '@people/subgraph-update';

const STARTERS = { create: startCreate, read: startRead, update: startUpdate, delete: startDelete };
const silent = createLogger({ service: 'test', level: 'silent' });

export interface SeparateServicesOptions {
  /** Fills the store before the subgraphs start. */
  seed?: (dao: PeopleDao) => Promise<void>;
  /**
   * Where the gateway reaches some subgraphs instead of at their own URLs (a relay in front of
   * one, a server that never answers), told the URLs the subgraphs listen on.
   */
  route?: (subgraphUrls: Record<SubgraphName, string>) => Promise<Partial<Record<SubgraphName, string>>>;
  /** Settings laid over the gateway's defaults, and its logger (silent by default). */
  gateway?: Partial<GatewayConfig>;
  gatewayLogger?: Logger;
  /** Settings laid over the bridge's defaults. */
  bridge?: Partial<BridgeConfig>;
}

/** The services of the stack started one by one, over one embedded store, so that one can be stopped alone. */
export class SeparateServices {
  readonly subgraphs = {} as Record<SubgraphName, SubgraphHandle>;
  gateway!: GatewayHandle;
  bridge!: BridgeHandle;
  private dao!: PeopleDao;
  private readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-separate-'));
  private readonly photos = openPhotoStore({ kind: 'local', dir: this.dataDir, publicBaseUrl: 'http://photos.test' });

  async start(options: SeparateServicesOptions = {}): Promise<void> {
    this.dao = await openPeopleDao({ kind: 'embedded', dataDir: this.dataDir });
    await options.seed?.(this.dao);
    for (const name of SUBGRAPH_NAMES) await this.startSubgraph(name, 0);
    const own = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, this.subgraphs[name].url])) as Record<
      SubgraphName,
      string
    >;
    const subgraphUrls = { ...own, ...(await options.route?.(own)) };
    const gatewayBase = loadGatewayConfig({});
    this.gateway = await startGateway(
      {
        ...gatewayBase,
        host: '127.0.0.1',
        port: 0,
        logLevel: 'silent',
        subgraphUrls,
        http: { ...gatewayBase.http, rateLimitPerMinute: 0 },
        ...options.gateway,
      },
      options.gatewayLogger ?? silent,
    );
    const bridgeBase = loadBridgeConfig({});
    this.bridge = await startBridge(
      {
        ...bridgeBase,
        host: '127.0.0.1',
        ports: { create: 0, read: 0, update: 0, delete: 0 },
        logLevel: 'silent',
        gatewayUrl: this.gateway.url,
        http: { ...bridgeBase.http, rateLimitPerMinute: 0 },
        ...options.bridge,
      },
      silent,
    );
  }

  async startSubgraph(name: SubgraphName, port: number): Promise<void> {
    const config = { ...loadSubgraphConfig(name, {}), host: '127.0.0.1', port, logLevel: 'silent' as const };
    this.subgraphs[name] = await STARTERS[name](config, { dao: this.dao, logger: silent, photos: this.photos });
  }

  async close(): Promise<void> {
    await this.bridge.close();
    await this.gateway.close();
    for (const name of SUBGRAPH_NAMES) await this.subgraphs[name].close();
    await this.dao.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
