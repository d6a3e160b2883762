import { type NewPerson, ErrorCode, type PeopleError } from '@people/domain';
import type { PeopleDao } from '../peopleDao';

export function newPerson(documentId: string, overrides: Partial<NewPerson> = {}): NewPerson {
  return {
    documentType: 'CEDULA',
    documentId,
    firstName: 'Ana',
    middleName: null,
    lastName: 'García',
    birthDate: '1990-05-17',
    gender: 'FEMENINO',
    email: `ana${documentId}@example.com`,
    phone: '3001234567',
    ...overrides,
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every PeopleDao must have. `openDao` gives a DAO over an empty store; the suite
 * closes each one it opens.
 */
export function peopleDaoContract(name: string, openDao: () => Promise<PeopleDao>): void {
  describe(`PeopleDao contract: ${name}`, () => {
    let dao: PeopleDao;

    beforeEach(async () => {
      dao = await openDao();
    });

    afterEach(async () => {
      await dao.close();
    });

    it('creates a person with timestamps and no photo, and reads it back', async () => {
      const created = await dao.create(newPerson('1001', { middleName: 'Lucía' }));
      expect(created).toMatchObject({ documentId: '1001', middleName: 'Lucía', photo: null });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(created.updatedAt.getTime()).toBe(created.createdAt.getTime());
      const read = await dao.get('1001');
      expect(read).toEqual(created);
    });

    it('returns null for a person that does not exist', async () => {
      await expect(dao.get('999')).resolves.toBeNull();
    });

    it('rejects a second person with the same documentId', async () => {
      await dao.create(newPerson('1002'));
      await expect(dao.create(newPerson('1002', { firstName: 'Otra' }))).rejects.toMatchObject({
        code: ErrorCode.Conflict,
      });
      await expect(dao.get('1002')).resolves.toMatchObject({ firstName: 'Ana' });
    });

    it('lets exactly one of 50 concurrent creates of one documentId succeed', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          dao.create(newPerson('1003', { firstName: `N${String.fromCharCode(65 + (i % 26))}` })),
        ),
      );
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(49);
      for (const r of rejected) expect(r.reason).toMatchObject({ code: ErrorCode.Conflict });
      await expect(dao.count()).resolves.toBe(1);
    });

    it('gets many in the order asked, with null for the missing', async () => {
      await dao.create(newPerson('2001'));
      await dao.create(newPerson('2002'));
      const found = await dao.getMany(['2002', '404', '2001']);
      expect(found.map((p) => p?.documentId ?? null)).toEqual(['2002', null, '2001']);
      await expect(dao.getMany([])).resolves.toEqual([]);
    });

    it('pages through people in documentId order with cursors, over more than one page', async () => {
      const ids = Array.from({ length: 25 }, (_, i) => String(3000 + i));
      for (const id of [...ids].reverse()) await dao.create(newPerson(id));
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await dao.page({ first: 10, after });
        pages += 1;
        seen.push(...page.people.map((p) => p.documentId));
        if (!page.hasNextPage) break;
        expect(page.endCursor).not.toBeNull();
        after = page.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
      await expect(dao.count()).resolves.toBe(25);
    });

    it('filters pages and counts by document type and gender', async () => {
      await dao.create(newPerson('4001', { documentType: 'TARJETA_DE_IDENTIDAD', gender: 'MASCULINO' }));
      await dao.create(newPerson('4002'));
      await dao.create(newPerson('4003', { documentType: 'TARJETA_DE_IDENTIDAD' }));
      const page = await dao.page({ first: 10, filter: { documentType: 'TARJETA_DE_IDENTIDAD' } });
      expect(page.people.map((p) => p.documentId)).toEqual(['4001', '4003']);
      expect(page.hasNextPage).toBe(false);
      await expect(dao.count({ documentType: 'TARJETA_DE_IDENTIDAD', gender: 'FEMENINO' })).resolves.toBe(1);
    });

    it('tells whether anyone the filter matches sorts at or before a cursor', async () => {
      await dao.create(newPerson('4101', { documentType: 'TARJETA_DE_IDENTIDAD' }));
      await dao.create(newPerson('4102'));
      await dao.create(newPerson('4103'));
      const first = (await dao.page({ first: 1 })).endCursor ?? '';
      const second = (await dao.page({ first: 2 })).endCursor ?? '';
      await expect(dao.hasPeopleBefore(first)).resolves.toBe(true);
      await expect(dao.hasPeopleBefore(first, { documentType: 'CEDULA' })).resolves.toBe(false);
      await expect(dao.hasPeopleBefore(second, { documentType: 'CEDULA' })).resolves.toBe(true);
      await dao.delete('4101');
      await expect(dao.hasPeopleBefore(first)).resolves.toBe(false);
      await expect(dao.hasPeopleBefore('bm90LWEtY3Vyc29y')).rejects.toMatchObject({ code: ErrorCode.BadUserInput });
    });

    it('returns an empty last page and rejects a cursor it never issued', async () => {
      await expect(dao.page({ first: 5 })).resolves.toEqual({ people: [], endCursor: null, hasNextPage: false });
      await expect(dao.page({ first: 5, after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
        code: ErrorCode.BadUserInput,
      });
    });

    it('updates only the given fields, moves updatedAt and keeps createdAt', async () => {
      const created = await dao.create(newPerson('5001', { middleName: 'Sofía' }));
      await pause(5);
      const updated = await dao.update('5001', { email: 'nueva@example.com', lastName: undefined });
      expect(updated).toEqual({ ...created, email: 'nueva@example.com', updatedAt: updated.updatedAt });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
      expect(updated.createdAt.getTime()).toBe(created.createdAt.getTime());
      await expect(dao.get('5001')).resolves.toEqual(updated);
    });

    it('clears the middle name when asked', async () => {
      await dao.create(newPerson('5002', { middleName: 'Sofía' }));
      await expect(dao.update('5002', { middleName: null })).resolves.toMatchObject({ middleName: null });
    });

    it('changes nothing for an empty update and fails for a missing person', async () => {
      const created = await dao.create(newPerson('5003'));
      await expect(dao.update('5003', {})).resolves.toEqual(created);
      await expect(dao.update('404', { firstName: 'X' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it('sets, replaces and clears the photo, returning the record before and after', async () => {
      await dao.create(newPerson('6001'));
      const first = await dao.setPhoto('6001', { url: 'https://photos.example/a.png', key: 'a' });
      expect(first.before.photo).toBeNull();
      expect(first.after.photo).toEqual({ url: 'https://photos.example/a.png', key: 'a' });
      const second = await dao.setPhoto('6001', { url: 'https://photos.example/b.jpg', key: 'b' });
      expect(second.before.photo?.key).toBe('a');
      await expect(dao.get('6001')).resolves.toMatchObject({ photo: { key: 'b' } });
      const cleared = await dao.setPhoto('6001', null);
      expect(cleared.after.photo).toBeNull();
      await expect(dao.setPhoto('404', null)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it('deletes a person returning the record as it was', async () => {
      const created = await dao.create(newPerson('7001'));
      await expect(dao.delete('7001')).resolves.toEqual(created);
      await expect(dao.get('7001')).resolves.toBeNull();
      await expect(dao.delete('7001')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it('returns the first person for a create retried with the same idempotency key and input', async () => {
      const first = await dao.create(newPerson('9001'), { idempotencyKey: 'retry-9001' });
      await pause(5);
      const retried = await dao.create(newPerson('9001'), { idempotencyKey: 'retry-9001' });
      expect(retried).toEqual(first);
      await expect(dao.count()).resolves.toBe(1);
      // Without the key the same create is the ordinary conflict.
      await expect(dao.create(newPerson('9001'))).rejects.toMatchObject({ code: ErrorCode.Conflict });
    });

    it('refuses an idempotency key reused with another input, naming the key', async () => {
      await dao.create(newPerson('9002'), { idempotencyKey: 'reused' });
      for (const other of [newPerson('9002', { firstName: 'Otra' }), newPerson('9003')]) {
        const refused = await dao.create(other, { idempotencyKey: 'reused' }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ code: ErrorCode.BadUserInput });
        expect((refused as PeopleError).fields).toEqual([
          expect.objectContaining({ field: 'Idempotency-Key', type: 'idempotency_key_reused' }),
        ]);
      }
      await expect(dao.get('9003')).resolves.toBeNull();
      await expect(dao.get('9002')).resolves.toMatchObject({ firstName: 'Ana' });
    });

    it('keeps a key with its person only: a taken documentId under a new key is a conflict', async () => {
      await dao.create(newPerson('9004'), { idempotencyKey: 'first-key' });
      await expect(dao.create(newPerson('9004'), { idempotencyKey: 'second-key' })).rejects.toMatchObject({
        code: ErrorCode.Conflict,
      });
      // Many people without a key, and keys differing only in case, live side by side.
      await dao.create(newPerson('9005'));
      await dao.create(newPerson('9006'));
      await dao.create(newPerson('9007'), { idempotencyKey: 'FIRST-KEY' });
      await expect(dao.count()).resolves.toBe(4);
      // The key lives as long as the person: once deleted, the same create makes the person again.
      await dao.delete('9004');
      await expect(dao.create(newPerson('9004'), { idempotencyKey: 'first-key' })).resolves.toMatchObject({
        documentId: '9004',
      });
    });

    it('lets 20 concurrent creates with one key and input store one person and all return it', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => dao.create(newPerson('9008'), { idempotencyKey: 'concurrent' })),
      );
      const people = results.map((r): unknown => (r.status === 'fulfilled' ? r.value : r.reason));
      for (const person of people) expect(person).toEqual(people[0]);
      expect(people[0]).toMatchObject({ documentId: '9008' });
      await expect(dao.count()).resolves.toBe(1);
    });

    it('answers a ping', async () => {
      await expect(dao.ping()).resolves.toBeUndefined();
    });
  });
}
