// A received file's extension, only when it is a known file type. File names are chosen by the
// sender or whoever saved the file ("Plainte de M. Jean Tremblay"): the part after the last dot may
// be a person's name, so nothing else of the name is ever written to a record (seed 002).
const KNOWN = new Set([
  'eml', 'msg822', 'json', 'txt', 'pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff',
  // Common formats the intake does not read, named so the operator sees what was received.
  'msg', 'dat', 'doc', 'docx', 'odt', 'rtf', 'xls', 'xlsx', 'ods', 'csv', 'htm', 'html', 'zip', 'gif', 'bmp', 'heic', 'webp', 'mp3', 'wav', 'm4a',
]);

/** ".pdf" for "lettre.PDF"; "" for no extension or one the list does not know. */
export function knownExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return KNOWN.has(ext) ? `.${ext}` : '';
}
