import type { Level } from '../summary';

/**
 * What a format parser extracts from one line. Parsers fill a reused object (no per-line
 * allocation on the hot path); `reset` clears it before each line.
 */
export interface ParsedLine {
  /** Epoch ms UTC, or null when the line states no time. */
  timestamp: number | null;
  /** Level stated by the line (or implied by its HTTP status), or null. */
  level: Level | null;
  /** The host that wrote the record, when the line says so. */
  host: string | null;
  /** The free-text message, used for templates. */
  message: string;
  client: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  bytes: number | null;
  responseTimeMs: number | null;
  session: string | null;
  /** Where `message` is in the line when it is written there as it is (`line.startsWith(message, messageOffset)`), else -1. */
  messageOffset: number;
}

export function newParsedLine(): ParsedLine {
  return {
    timestamp: null, level: null, host: null, message: '', client: null, method: null, path: null,
    status: null, bytes: null, responseTimeMs: null, session: null, messageOffset: -1,
  };
}

export function resetParsedLine(out: ParsedLine): void {
  out.timestamp = null;
  out.level = null;
  out.host = null;
  out.message = '';
  out.client = null;
  out.method = null;
  out.path = null;
  out.status = null;
  out.bytes = null;
  out.responseTimeMs = null;
  out.session = null;
  out.messageOffset = -1;
}

/** Fields a sample line must yield, as written in a format definition (times in ISO UTC). */
export interface ExpectedFields {
  readonly timestamp?: string | null;
  readonly level?: Level | null;
  readonly host?: string | null;
  readonly message?: string;
  readonly client?: string | null;
  readonly method?: string | null;
  readonly path?: string | null;
  readonly status?: number | null;
  readonly bytes?: number | null;
  readonly responseTimeMs?: number | null;
  readonly session?: string | null;
}

export interface FormatSample {
  readonly line: string;
  readonly expect: ExpectedFields;
}

/** How a `duration` capture is expressed. `auto`: integer = microseconds (Apache %D), decimal = seconds (nginx). */
export type DurationUnit = 'us' | 'ms' | 's' | 'auto';

interface FormatBase {
  /** Stable machine name, reported in `sources[].format` and accepted by `--format`. */
  readonly name: string;
  readonly title: string;
  /** Lines that do not match continue the previous record (stack traces and the like). */
  readonly multiline: boolean;
  readonly samples: readonly FormatSample[];
}

/**
 * A line regex with named groups. Recognised group names: time, level, host, message, client,
 * method, path, status, bytes, duration, pri (syslog PRI), session. Other groups are ignored.
 */
export interface RegexFormat extends FormatBase {
  readonly kind: 'regex';
  readonly pattern: string;
  readonly durationUnit?: DurationUnit;
  /** Lines starting with this (e.g. `#` directives) are skipped as metadata, not records. */
  readonly commentPrefix?: string;
  /** Message for records whose line has no message group (e.g. a multi-line record's header). */
  readonly defaultMessage?: string;
  /**
   * Text every line the pattern matches contains (the pattern requires it, outside any
   * alternation): lines without it are not tried, which spares the regex's failures on the
   * other lines of mixed files (JSON and syslog lines before the JSON and syslog formats).
   */
  readonly literal?: string;
  /**
   * Every line the pattern matches starts with a digit (each alternative of its first group
   * does): an indented line is then never a record of this format, and a multi-line record's
   * indented lines are counted without being decoded or matched.
   */
  readonly startsWithDigit?: boolean;
}

/**
 * Formats whose columns are named by a directive line (`#Fields:` in W3C/IIS logs, `#fields`
 * in Zeek logs). `columns` maps our fields to the column names that may carry them.
 */
export interface FieldsHeaderFormat extends FormatBase {
  readonly kind: 'fields-header';
  /** The directive naming the columns, e.g. `#Fields:`. */
  readonly fieldsDirective: string;
  /** `tab`: tab-separated (Zeek); `space`: runs of spaces, with "double-quoted" values (W3C). */
  readonly separator: 'tab' | 'space';
  readonly columns: Readonly<Partial<Record<'date' | 'time' | 'timestamp' | 'host' | 'client' | 'method' | 'path' | 'status' | 'bytes' | 'duration' | 'session' | 'message' | 'level', readonly string[]>>>;
  readonly durationUnit?: DurationUnit;
  /** Values meaning "no value". */
  readonly emptyValues: readonly string[];
}

/** One JSON object per line, optionally after a prefix (docker-compose service, Kubernetes time). */
export interface JsonFormat extends FormatBase {
  readonly kind: 'json';
}

export interface LogfmtFormat extends FormatBase {
  readonly kind: 'logfmt';
}

/** Finds a timestamp, a level and the message start in lines of no known format. */
export interface GenericFormat extends FormatBase {
  readonly kind: 'generic';
}

export type FormatDefinition = RegexFormat | FieldsHeaderFormat | JsonFormat | LogfmtFormat | GenericFormat;

/** A compiled format: parses one line into `out`; returns false when the line is not of the format. */
export interface LineParser {
  readonly format: FormatDefinition;
  parse(line: string, out: ParsedLine): boolean;
  /** True for lines that are metadata of the format (headers, directives), not records. */
  isMetadata(line: string): boolean;
}
