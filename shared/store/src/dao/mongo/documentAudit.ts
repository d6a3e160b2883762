import {
  DOCUMENT_TYPE_BY_LABEL,
  GENDER_BY_LABEL,
  birthDateToBson,
  readBirthDate,
  type DocumentUpdate,
  type StoredDocument,
} from './personDocument';

/** What can be wrong with one stored person, for this system or for the older services' reader. */
export type Finding =
  | 'unreadable_birth_date'
  | 'unknown_document_type'
  | 'unknown_gender'
  | 'string_birth_date'
  | 'null_middle_name'
  | 'null_photo_url';

export const FINDINGS: Readonly<Record<Finding, { description: string; fixable: boolean }>> = {
  unreadable_birth_date: { description: 'birth_date is not a readable date', fixable: false },
  unknown_document_type: { description: 'document_type is not Cédula or Tarjeta de identidad', fixable: false },
  unknown_gender: {
    description: 'gender is not Masculino, Femenino, No binario or Prefiero no decir',
    fixable: false,
  },
  string_birth_date: { description: 'birth_date is a string (becomes a date at midnight UTC)', fixable: true },
  null_middle_name: { description: 'middle_name is null or missing (becomes "")', fixable: true },
  null_photo_url: { description: 'photo_url or photo_key is null (removed)', fixable: true },
};

export interface DocumentAudit {
  findings: Finding[];
  /** The update that brings the document to the shape both systems read; null when none is needed. */
  repair: DocumentUpdate | null;
}

/**
 * Judges one stored document against the shape the older services read, and works out the
 * changes that are safe to make without a person deciding: only rewrites of a value into the type
 * the older reader wants, never a guess at a value and never a deletion.
 */
export function auditDocument(document: StoredDocument): DocumentAudit {
  const findings: Finding[] = [];
  const repair: DocumentUpdate = { $set: {}, $unset: {} };

  const birthDate = readBirthDate(document.birth_date);
  if (birthDate === null) {
    findings.push('unreadable_birth_date');
  } else if (!(document.birth_date instanceof Date)) {
    findings.push('string_birth_date');
    repair.$set.birth_date = birthDateToBson(birthDate);
  }
  const { document_type: documentType, gender } = document;
  if (typeof documentType !== 'string' || !DOCUMENT_TYPE_BY_LABEL.has(documentType)) {
    findings.push('unknown_document_type');
  }
  if (typeof gender !== 'string' || !GENDER_BY_LABEL.has(gender)) findings.push('unknown_gender');
  if (document.middle_name === null || document.middle_name === undefined) {
    findings.push('null_middle_name');
    repair.$set.middle_name = '';
  }
  if (document.photo_url === null || document.photo_key === null) {
    findings.push('null_photo_url');
    if (document.photo_url === null) repair.$unset.photo_url = '';
    if (document.photo_key === null) repair.$unset.photo_key = '';
  }

  const needed = Object.keys(repair.$set).length > 0 || Object.keys(repair.$unset).length > 0;
  return { findings, repair: needed ? repair : null };
}
