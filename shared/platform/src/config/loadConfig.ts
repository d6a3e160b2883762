import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

let schemaObserver: ((schema: z.ZodObject) => void) | undefined;

/**
 * Lets the settings page generator (`npm run docs:settings`) see the schema of every setting a
 * loader reads, with its default; `undefined` stops it.
 */
export function observeSettingSchemas(observer: ((schema: z.ZodObject) => void) | undefined): void {
  schemaObserver = observer;
}

/**
 * Reads settings from the environment through a zod schema whose keys are variable names.
 * Empty strings count as unset. Every bad variable is reported at once; the result is frozen.
 */
export function loadEnv<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.output<S>> {
  schemaObserver?.(schema);
  const present: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.map(String).join('.') || '(settings)';
        const got = present[key];
        return `${key}: ${issue.message}${got === undefined ? '' : ` (got '${got}')`}`;
      }),
    );
  }
  return Object.freeze(result.data);
}

export const setting = {
  port: (fallback: number) =>
    z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be 0 to 65535' })
      .max(65535, { error: 'must be 0 to 65535' })
      .default(fallback),
  host: (fallback: string) => z.string().min(1).default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .positive({ error: 'must be greater than 0' })
      .default(fallback),
  url: () => z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }),
  flag: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes')),
  string: () => z.string().min(1),
  /** A credential shared by two services; long enough not to be guessed. */
  secret: () => z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
};
