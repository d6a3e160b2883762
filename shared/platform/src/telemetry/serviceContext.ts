import { createContextKey, type Context } from '@opentelemetry/api';

const SERVICE_KEY = createContextKey('people.service');

/** Marks work as done by one service, so that its spans carry that service's name. */
export function withService(context: Context, service: string): Context {
  return context.setValue(SERVICE_KEY, service);
}

export function serviceOf(context: Context): string | undefined {
  const value = context.getValue(SERVICE_KEY);
  return typeof value === 'string' ? value : undefined;
}
