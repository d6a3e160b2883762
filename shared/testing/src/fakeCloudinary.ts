import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCloudinaryOptions {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
}

export interface FakeUploadCall {
  params: Record<string, string>;
  bytes: Buffer;
}

/** How Cloudinary reads a boolean parameter (the SDK sends `1`). */
export function cloudinaryTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/** Parameters Cloudinary leaves out of the string it signs (api_sign_request rules). */
const UNSIGNED = new Set(['file', 'api_key', 'resource_type', 'cloud_name', 'signature']);

/** Cloudinary's signature: the signed params sorted by name, `k=v` joined by `&`, then the secret, SHA-1. */
export function cloudinarySignature(params: Record<string, string>, secret: string): string {
  const toSign = Object.keys(params)
    .filter((key) => !UNSIGNED.has(key) && params[key] !== '')
    .sort()
    .map((key) => `${key}=${String(params[key])}`.replace(/&/g, '%26'))
    .join('&');
  return createHash('sha1')
    .update(toSign + secret)
    .digest('hex');
}

/**
 * A local stand-in for Cloudinary's upload API (`POST /v1_1/<cloud>/image/upload` and
 * `/image/destroy`) that refuses what Cloudinary refuses: an unknown cloud or key, a bad or stale
 * signature. It keeps the images it was given by public id and records every call.
 */
export class FakeCloudinary {
  readonly images = new Map<string, Buffer>();
  readonly uploads: FakeUploadCall[] = [];
  readonly destroys: Record<string, string>[] = [];
  private server?: http.Server;
  origin = '';

  constructor(private readonly options: FakeCloudinaryOptions) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: String(error) } }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v1_1\/([^/]+)\/image\/(upload|destroy)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return { status: 404, body: { error: { message: 'Not found' } } };
    if (match[1] !== this.options.cloudName) return { status: 401, body: { error: { message: 'Invalid cloud_name' } } };

    const multipart = new Response(Buffer.concat(chunks), {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    });
    // Deprecated for servers that parse untrusted bodies; this fake reads only what its test sends.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const form = await multipart.formData();
    const params: Record<string, string> = {};
    let bytes = Buffer.alloc(0);
    for (const [name, value] of form) {
      if (typeof value === 'string') params[name] = value;
      else bytes = Buffer.from(await value.arrayBuffer());
    }
    if (params.api_key !== this.options.apiKey) return { status: 401, body: { error: { message: 'Unknown API key' } } };
    if (params.signature !== cloudinarySignature(params, this.options.apiSecret)) {
      return { status: 401, body: { error: { message: 'Invalid Signature' } } };
    }
    if (Math.abs(Date.now() / 1000 - Number(params.timestamp)) > 3600) {
      return { status: 400, body: { error: { message: 'Stale request' } } };
    }

    if (match[2] === 'destroy') {
      this.destroys.push(params);
      const id = params.public_id ?? '';
      const existed = this.images.delete(id);
      return { status: 200, body: { result: existed ? 'ok' : 'not found' } };
    }

    this.uploads.push({ params, bytes });
    const publicId = params.folder ? `${params.folder}/${String(params.public_id)}` : (params.public_id ?? 'random');
    if (this.images.has(publicId) && !cloudinaryTrue(params.overwrite)) {
      return { status: 200, body: { public_id: publicId, existing: true } };
    }
    this.images.set(publicId, bytes);
    const version = 1700000000 + this.uploads.length;
    return {
      status: 200,
      body: {
        public_id: publicId,
        version,
        resource_type: 'image',
        bytes: bytes.length,
        secure_url: `https://res.cloudinary.com/${this.options.cloudName}/image/upload/v${version}/${publicId}.png`,
        url: `http://res.cloudinary.com/${this.options.cloudName}/image/upload/v${version}/${publicId}.png`,
      },
    };
  }
}
