/**
 * Labelled example files as evaluation and training sets come: CSV with a `text,category` header
 * (Banking77's format, RFC 4180 quoting) or JSON Lines of `{"text", "intent", "lang"?}`.
 */

/** One labelled message. */
export interface IntentExample {
  text: string;
  intent: string;
  /** ISO 639-1 language when the file says it. */
  lang?: string;
}

/** A file that is not a valid example file; `line` is 1-based when one line is at fault. */
export class ExampleFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'ExampleFileError';
  }
}

/** A CSV record with the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(content: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let at = content.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let fieldStarted = false;
  const endRecord = (): void => {
    if (fieldStarted || fields.length > 0) records.push({ fields: [...fields, field], line: recordLine });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (; at < content.length; at += 1) {
    const char = content[at];
    if (quoted) {
      if (char === '"' && content[at + 1] === '"') {
        field += '"';
        at += 1;
      } else if (char === '"') {
        quoted = false;
        if (at + 1 < content.length && !',\r\n'.includes(content[at + 1] ?? '')) {
          throw new ExampleFileError('unexpected character after a closing quote', line);
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"') {
      if (field.length > 0) throw new ExampleFileError('quote inside an unquoted field', line);
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && content[at + 1] === '\n') at += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new ExampleFileError('unterminated quoted field', recordLine);
  endRecord();
  return records;
}

/** Examples from CSV with a header naming `text` and `category` (or `intent`), and optionally `lang`. */
export function parseCsvExamples(content: string): IntentExample[] {
  const [header, ...rows] = parseCsv(content);
  if (!header) throw new ExampleFileError('empty file: expected a header `text,category`', 1);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const textColumn = names.indexOf('text');
  const intentColumn = names.includes('category') ? names.indexOf('category') : names.indexOf('intent');
  const langColumn = names.indexOf('lang');
  if (textColumn < 0 || intentColumn < 0) {
    throw new ExampleFileError(`bad header "${header.fields.join(',')}": expected columns text,category`, header.line);
  }
  return rows.map((row) => {
    if (row.fields.length !== names.length) {
      throw new ExampleFileError(`expected ${names.length} fields, found ${row.fields.length}`, row.line);
    }
    const text = row.fields[textColumn] ?? '';
    const intent = (row.fields[intentColumn] ?? '').trim();
    if (text.trim() === '' || intent === '') throw new ExampleFileError('empty text or category', row.line);
    const lang = langColumn >= 0 ? row.fields[langColumn]?.trim() : undefined;
    return lang ? { text, intent, lang } : { text, intent };
  });
}

/** Examples from JSON Lines: one `{"text", "intent", "lang"?}` object a line; blank lines are skipped. */
export function parseJsonlExamples(content: string): IntentExample[] {
  const examples: IntentExample[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ExampleFileError('not valid JSON', i + 1);
    }
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const { text, intent, lang } = record;
    if (typeof text !== 'string' || text.trim() === '' || typeof intent !== 'string' || intent.trim() === '') {
      throw new ExampleFileError('expected an object with non-empty string fields "text" and "intent"', i + 1);
    }
    if (lang !== undefined && typeof lang !== 'string') throw new ExampleFileError('"lang" must be a string', i + 1);
    examples.push(lang ? { text, intent: intent.trim(), lang } : { text, intent: intent.trim() });
  });
  return examples;
}

/** Parses an example file, choosing the format by its name (`.csv`, else JSON Lines). */
export function parseExampleFile(name: string, content: string): IntentExample[] {
  const examples = name.toLowerCase().endsWith('.csv') ? parseCsvExamples(content) : parseJsonlExamples(content);
  if (examples.length === 0) throw new ExampleFileError('no examples in the file');
  return examples;
}
