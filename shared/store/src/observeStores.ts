import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { PeopleDao } from './dao/peopleDao';
import type { PhotoStore } from './photos/photoStore';
import type { ServiceMetrics } from '@people/platform';
import { tracingOn } from '@people/platform';

type DaoMethod = Exclude<keyof PeopleDao, 'close'>;
const DAO_METHODS: DaoMethod[] = ['create', 'get', 'getMany', 'page', 'count', 'update', 'setPhoto', 'delete', 'ping'];

/**
 * The DAO with a span per call (`store <method>`, no arguments recorded: they hold document ids)
 * and its duration in `store_operation_duration_seconds`. The same DAO when neither is on.
 */
export function observeDao(dao: PeopleDao, store: string, metrics: ServiceMetrics | undefined): PeopleDao {
  const tracing = tracingOn();
  if (!tracing && !metrics) return dao;
  const tracer = trace.getTracer('@people/store');
  const observed: PeopleDao = Object.create(dao) as PeopleDao;
  for (const method of DAO_METHODS) {
    const original = (dao[method] as (...args: unknown[]) => Promise<unknown>).bind(dao);
    const wrapped = async (...args: unknown[]): Promise<unknown> => {
      const started = process.hrtime.bigint();
      const span = tracing
        ? tracer.startSpan(`store ${method}`, {
            kind: SpanKind.CLIENT,
            attributes: { 'db.system.name': store === 'mongo' ? 'mongodb' : 'sqlite', 'db.operation.name': method },
          })
        : undefined;
      let outcome: 'ok' | 'error' = 'ok';
      try {
        return await original(...args);
      } catch (error) {
        outcome = 'error';
        span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
        throw error;
      } finally {
        metrics?.storeCall(store, method, outcome, Number(process.hrtime.bigint() - started) / 1e9);
        span?.end();
      }
    };
    Object.defineProperty(observed, method, { value: wrapped });
  }
  return observed;
}

/** The photo store, counting the size of every photo saved. */
export function observePhotoStore(photos: PhotoStore, metrics: ServiceMetrics | undefined): PhotoStore {
  if (!metrics) return photos;
  return {
    save: (documentId, bytes, kind) => {
      metrics.photoUpload(bytes.length);
      return photos.save(documentId, bytes, kind);
    },
    remove: (key) => photos.remove(key),
  };
}
