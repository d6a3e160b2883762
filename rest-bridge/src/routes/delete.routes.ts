import type { RestCompat } from '../dialect/restCompat';
import { Router, type Request, type Response } from 'express';
import { callOptions } from '../http/context';
import { methodNotAllowed } from '../http/errorHandler';
import type { PeopleService } from '../people.service';
import { personRefs, type RefFrom } from './params';
import { sendPerson } from './respond';

export function deleteRoutes(service: PeopleService, options: { compat: RestCompat }): Router {
  const router = Router();
  const { pathRef, queryRef } = personRefs(options.compat);
  const remove = (refFrom: RefFrom) => async (req: Request, res: Response) => {
    sendPerson(res, await service.delete(refFrom(req), callOptions(req, res)));
  };
  router.route('/').delete(remove(queryRef)).all(methodNotAllowed('DELETE'));
  router.route('/:doc_id').delete(remove(pathRef)).all(methodNotAllowed('DELETE'));
  return router;
}
