import { IDEMPOTENCY_KEY_HEADER } from '@people/domain';
import { type RestCompat } from '../dialect/restCompat';
import { Router, type Request } from 'express';
import { callOptions } from '../http/context';
import { methodNotAllowed } from '../http/errorHandler';
import { jsonBody } from '../http/jsonBody';
import type { PeopleService } from '../people.service';
import { sendPerson } from './respond';

export interface CreateRoutesOptions {
  jsonLimit: string;
  compat: RestCompat;
  /** The absolute URL of the read port's `GET /` for this request, to build `Location` from. */
  readBaseUrl: (req: Request) => string;
}

export function createRoutes(service: PeopleService, options: CreateRoutesOptions): Router {
  const router = Router();
  router
    .route('/')
    .post(...jsonBody(options.jsonLimit, options.compat), async (req, res) => {
      const person = await service.create(req.body, req.headers[IDEMPOTENCY_KEY_HEADER], callOptions(req, res));
      res.location(`${options.readBaseUrl(req)}/${encodeURIComponent(person.document_id)}`);
      sendPerson(res, person, 201);
    })
    .all(methodNotAllowed('POST'));
  return router;
}
