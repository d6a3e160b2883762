import { IDEMPOTENCY_KEY_HEADER, readIdempotencyKey, type DocumentType, ErrorCode, PeopleError } from '@people/domain';
import { restCreatePersonSchema, restUpdatePersonSchema } from './dialect/restSchemas';
import { legacyCreateBody, legacyUpdateBody, type RestCompat } from './dialect/restCompat';
import { toRestPerson, toUpdatePersonInput, type GraphQLPerson, type RestPerson } from './dialect/restPerson';
import { HttpError } from './errors';
import type { CallOptions, GatewayClient, UploadFile } from './gatewayClient';
import { CreatePerson, DeletePerson, GetPerson, ListPeople, UpdatePerson, UpdatePersonPhoto } from './operations';
import { parseOrThrow } from './http/validation';

export interface Page {
  people: RestPerson[];
  nextCursor: string | null;
}

/** Reads an upload and hands its file to `send`, with a signal that fires if the upload fails or the client goes away. */
export type UploadReceiver = <T>(send: (file: UploadFile, signal: AbortSignal) => Promise<T>) => Promise<T>;

/** Who a request is about: a document id, and the document type the older routes may name. */
export interface PersonRef {
  documentId: string;
  documentType?: DocumentType;
}

/** The checked key, or the shared refusal as the bridge's 422 at `["header", "idempotency-key"]`. */
function keyOrThrow(header: string | string[] | undefined): string | undefined {
  try {
    return readIdempotencyKey(header);
  } catch (error) {
    if (error instanceof PeopleError && error.code === ErrorCode.BadUserInput)
      throw HttpError.invalid(error.fields, 'header');
    throw error;
  }
}

function notFound(documentId: string): HttpError {
  return HttpError.notFound(`No person with document_id ${documentId}`);
}

/** What each REST call does, as GraphQL operations sent to the gateway. Handlers call only this. */
/** ListPeople's answer opens with its pageInfo (see operations.ts). */
const ANSWER_HEAD =
  /^\{"data":\{"people":\{"pageInfo":\{"hasNextPage":(true|false),"endCursor":(null|"(?:[^"\\]|\\.)*")\}/;

/** The next page's cursor from the head of a ListPeople answer: null on the last page, undefined when the head does not say. */
export function nextCursorAtStart(start: string): string | null | undefined {
  const head = ANSWER_HEAD.exec(start);
  if (!head) return undefined;
  if (head[1] === 'false') return null;
  try {
    const cursor: unknown = JSON.parse(head[2] ?? 'null');
    return typeof cursor === 'string' ? cursor : undefined;
  } catch {
    return undefined;
  }
}

export class PeopleService {
  constructor(
    private readonly gateway: GatewayClient,
    private readonly placeholderPhotoUrl: string,
    private readonly compat: RestCompat,
  ) {}

  private rest(person: GraphQLPerson): RestPerson {
    return toRestPerson(person, this.placeholderPhotoUrl);
  }

  /** With an Idempotency-Key, a retry gets the person the first call created (see PeopleDao.create). */
  async create(
    body: unknown,
    idempotencyKeyHeader: string | string[] | undefined,
    call: CallOptions,
  ): Promise<RestPerson> {
    const person = parseOrThrow(
      restCreatePersonSchema,
      this.compat === 'legacy' ? legacyCreateBody(body) : body,
      'body',
    );
    const idempotencyKey = keyOrThrow(idempotencyKeyHeader);
    const forwardHeaders =
      idempotencyKey === undefined
        ? call.forwardHeaders
        : { ...call.forwardHeaders, [IDEMPOTENCY_KEY_HEADER]: idempotencyKey };
    const data = await this.gateway.execute(
      CreatePerson,
      { input: person },
      { ...call, ...(forwardHeaders ? { forwardHeaders } : {}) },
    );
    return this.rest(data.createPerson);
  }

  async get(ref: PersonRef, call: CallOptions): Promise<RestPerson> {
    const data = await this.gateway.execute(GetPerson, { documentId: ref.documentId }, call);
    const person = data.person;
    if (!person || (ref.documentType !== undefined && person.documentType !== ref.documentType)) {
      throw notFound(ref.documentId);
    }
    return this.rest(person);
  }

  /**
   * One page of people. `onNextCursor`, when given, learns the next page's cursor (null on the last
   * page) as soon as the answer's head arrives, before the page is read.
   */
  async page(
    first: number,
    after: string | null,
    call: CallOptions,
    onNextCursor?: (cursor: string | null) => void,
  ): Promise<Page> {
    const peek =
      onNextCursor &&
      ((start: string) => {
        const cursor = nextCursorAtStart(start);
        if (cursor !== undefined) onNextCursor(cursor);
      });
    const data = await this.gateway.execute(ListPeople, { first, after }, { ...call, location: 'query' }, peek);
    const { edges, pageInfo } = data.people;
    return {
      people: edges.map((edge) => this.rest(edge.node)),
      nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
    };
  }

  async update(ref: PersonRef, body: unknown, call: CallOptions): Promise<RestPerson> {
    const { documentId, changes } = parseOrThrow(
      restUpdatePersonSchema,
      this.compat === 'legacy' ? legacyUpdateBody(body) : body,
      'body',
    );
    if (documentId !== undefined && documentId !== ref.documentId) {
      throw HttpError.invalid(
        [{ field: 'document_id', message: 'Cannot be changed after creation', type: 'value_error' }],
        'body',
      );
    }
    await this.checkType(ref, call);
    const data = await this.gateway.execute(
      UpdatePerson,
      { documentId: ref.documentId, input: toUpdatePersonInput(changes) },
      call,
    );
    return this.rest(data.updatePerson);
  }

  /**
   * The type is checked before `receive` reads anything of the upload, so that a person of another
   * type is a 404 whatever the body; `receive` hands the file it reads to the gateway call.
   */
  async updatePhoto(ref: PersonRef, call: CallOptions, receive: UploadReceiver): Promise<RestPerson> {
    await this.checkType(ref, call);
    const data = await receive((file, signal) =>
      this.gateway.upload(UpdatePersonPhoto, { documentId: ref.documentId, photo: null }, file, { ...call, signal }),
    );
    return this.rest(data.updatePersonPhoto);
  }

  async delete(ref: PersonRef, call: CallOptions): Promise<RestPerson> {
    await this.checkType(ref, call);
    const data = await this.gateway.execute(DeletePerson, { documentId: ref.documentId }, call);
    return this.rest(data.deletePerson);
  }

  /** The older routes may name a document type: it must be the stored one, or the answer is 404. */
  private async checkType(ref: PersonRef, call: CallOptions): Promise<void> {
    if (ref.documentType !== undefined) await this.get(ref, call);
  }
}
