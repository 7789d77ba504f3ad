/**
 * Domain errors: what the API reports on purpose, as a stable machine code and a message in both
 * languages (the UI is zh-CN first). They carry no HTTP status: services, repos and db/ raise them,
 * and the edge decides the status from the code, in one table (server/http/status.ts). Anything else
 * thrown is a bug and becomes a 500 without details.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Every code a domain error may carry; server/http/status.ts gives each its HTTP status. */
export type ErrorCode =
  // input the caller can correct
  | 'INVALID_AS_OF'
  | 'SNAPSHOT_MONTH'
  | 'INVALID_BBOX'
  | 'INVALID_BODY'
  | 'CRS_COLUMN_NOT_FOUND'
  | 'INVALID_COORDINATES'
  | 'INVALID_FILTER'
  | 'INVALID_FEATURE'
  | 'INVALID_GEOMETRY'
  | 'INVALID_ID'
  | 'INVALID_PARAMETER'
  | 'INVALID_TEXT'
  | 'INVALID_TILE'
  | 'INVALID_ZONE'
  | 'JSON_TOO_DEEP'
  | 'MISSING_COORDINATES'
  | 'NOTE_REQUIRED'
  | 'NO_RULES_FOR_LAYER'
  | 'RULE_NOT_FOR_LAYER'
  | 'UNKNOWN_LAYER'
  | 'UNKNOWN_RULE'
  | 'UNKNOWN_STREET'
  | 'UNKNOWN_SHEET'
  | 'UNKNOWN_UNIT'
  | 'UNSUPPORTED_CRS'
  | 'VERSION_IS_DELETION'
  // uploads and files
  | 'BATCH_TOO_LARGE'
  | 'EMPTY_FILE'
  | 'EXPECTED_MULTIPART'
  | 'IMPORT_REJECTED'
  | 'KML_TOO_LARGE'
  | 'MAPPED_COLUMN_MISSING'
  | 'XLSX_TOO_LARGE'
  | 'MALFORMED_FILE'
  | 'MALFORMED_UPLOAD'
  | 'NOTHING_TO_IMPORT'
  | 'REQUIRED_ATTRIBUTES_MISSING'
  | 'NO_COORDINATE_COLUMNS'
  | 'NO_FILE'
  | 'PAYLOAD_TOO_LARGE'
  | 'POLYGLOT'
  | 'SHAPEFILE_COUNT'
  | 'UNKNOWN_CRS'
  | 'UNSAFE_XML'
  | 'UNSAFE_ZIP'
  | 'UNSUPPORTED_DATUM'
  | 'UNSUPPORTED_FORMAT'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNSUPPORTED_TYPE'
  | 'UPLOAD_ABORTED'
  // who may do what
  | 'CSRF_REJECTED'
  | 'FORBIDDEN'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'TOO_MANY_ATTEMPTS'
  | 'UNAUTHENTICATED'
  // what does not exist
  | 'BASEMAP_NOT_CONFIGURED'
  | 'NOT_FOUND'
  // the state forbids it
  | 'ALREADY_UNDONE'
  | 'CASE_ALREADY_OPEN'
  | 'DATA_DIR_LOCKED'
  | 'INVALID_TRANSITION'
  | 'LAST_ADMIN'
  | 'NOT_DETECTED'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'STILL_DETECTED'
  | 'UNDO_CONFLICT'
  | 'USERNAME_TAKEN'
  // the server or what it depends on
  | 'BASEMAP_UPSTREAM'
  | 'BUSY'
  | 'DATABASE_UNAVAILABLE'
  | 'DISK_FULL'
  | 'INTERNAL';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Bilingual,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = 'DomainError';
  }
}

/** Input the caller can correct: a code naming what is wrong. */
export const inputError = (code: ErrorCode, text: Bilingual, details?: unknown) => new DomainError(code, text, details);

export const notFound = (what: Bilingual) => new DomainError('NOT_FOUND', { zh: `未找到：${what.zh}`, en: `Not found: ${what.en}` });
