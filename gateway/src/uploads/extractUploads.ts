import { Upload } from 'graphql-upload-minimal';

/** One file of an operation and where it sits in `variables` (`variables.photo`, `variables.files.0`). */
export interface ExtractedUpload {
  path: string;
  upload: Upload;
}

/**
 * Takes the uploads out of an operation's variables: a copy with each upload replaced by null,
 * which is what the multipart spec's `operations` field carries, and the uploads by path.
 */
export function extractUploads(variables: Record<string, unknown>): {
  variables: Record<string, unknown>;
  uploads: ExtractedUpload[];
} {
  const uploads: ExtractedUpload[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (value instanceof Upload) {
      uploads.push({ path, upload: value });
      return null;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}.${index}`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, `${path}.${key}`)]));
    }
    return value;
  };
  const copy = Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [key, walk(value, `variables.${key}`)]),
  );
  return { variables: uploads.length > 0 ? copy : variables, uploads };
}
