import type { NewPerson } from './personFields';

/** The Person record as the services hold it in memory; its client-chosen fields come from personFields.ts. */

export const DOCUMENT_TYPES = ['CEDULA', 'TARJETA_DE_IDENTIDAD'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const GENDERS = ['MASCULINO', 'FEMENINO', 'NO_BINARIO', 'PREFIERO_NO_DECIR'] as const;
export type Gender = (typeof GENDERS)[number];

/** Where a stored photo lives: the public URL and the key its photo store knows it by. */
export interface StoredPhoto {
  url: string;
  key: string;
}

export type { NewPerson, PersonChanges } from './personFields';

export interface Person extends NewPerson {
  photo: StoredPhoto | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PeopleFilter {
  documentType?: DocumentType;
  gender?: Gender;
}

/** The largest page `people` serves: a larger `first` is refused. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
