import type { UploadTimeouts } from '@people/platform';
import type { RestCompat } from '../dialect/restCompat';
import { Router, type Request, type Response } from 'express';
import { callOptions } from '../http/context';
import { methodNotAllowed } from '../http/errorHandler';
import { jsonBody } from '../http/jsonBody';
import { withUploadedFile } from '../http/multipart';
import type { PeopleService } from '../people.service';
import { personRefs, type RefFrom } from './params';
import { sendPerson } from './respond';

export function updateRoutes(
  service: PeopleService,
  options: { jsonLimit: string; uploads: UploadTimeouts; compat: RestCompat },
): Router {
  const router = Router();
  const { pathRef, queryRef } = personRefs(options.compat);
  const update = (refFrom: RefFrom) => async (req: Request, res: Response) => {
    sendPerson(res, await service.update(refFrom(req), req.body, callOptions(req, res)));
  };
  const image = (refFrom: RefFrom) => async (req: Request, res: Response) => {
    const ref = refFrom(req);
    const call = callOptions(req, res);
    const person = await service.updatePhoto(ref, call, (send) =>
      withUploadedFile(req, call.signal, options.uploads, send),
    );
    sendPerson(res, person);
  };
  const json = jsonBody(options.jsonLimit, options.compat);
  // The older routes come first: `/image` is not a doc_id.
  router.route('/image').patch(image(queryRef)).all(methodNotAllowed('PATCH'));
  router
    .route('/')
    .patch(...json, update(queryRef))
    .all(methodNotAllowed('PATCH'));
  router.route('/:doc_id/image').patch(image(pathRef)).all(methodNotAllowed('PATCH'));
  router
    .route('/:doc_id')
    .patch(...json, update(pathRef))
    .all(methodNotAllowed('PATCH'));
  return router;
}
