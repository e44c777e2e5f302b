import { levelFromHttpStatus, type LevelVocabulary } from '../levels';
import { parseTimestampValue, type YearContext } from '../time';
import { durationWithUnitToMs, stripQuery } from './fields';
import type { ParsedLine } from './types';

// Keys that structured loggers use for each field, most specific first.
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 't', 'date', 'datetime', '@t', 'eventTime'];
const LEVEL_KEYS = ['level', 'log.level', 'lvl', 'severity', 'loglevel', 'log_level', 'levelname', 'level_name', '@l', 'sev'];
const MESSAGE_KEYS = ['message', 'msg', '@m', '@mt', 'log', 'text', 'event', 'body', 'short_message', 'error'];
const HOST_KEYS = ['host', 'hostname', 'host.name', 'server', 'node', 'instance', 'pod', 'container_name'];
const SESSION_KEYS = ['session', 'session_id', 'sessionId', 'sessionID', 'sid', 'trace_id', 'traceId', 'request_id', 'requestId'];
const CLIENT_KEYS = ['client', 'client_ip', 'clientIp', 'remote_addr', 'remote_ip', 'client.ip', 'source.ip'];
const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'http.response.status_code', 'response_status'];
const METHOD_KEYS = ['method', 'http_method', 'http.request.method', 'verb'];
const PATH_KEYS = ['path', 'uri', 'url', 'request_uri', 'url.path', 'route'];
const DURATION_MS_KEYS = ['duration_ms', 'elapsed_ms', 'response_time_ms', 'latency_ms', 'took_ms'];
const DURATION_KEYS = ['duration', 'latency', 'elapsed', 'response_time', 'took'];
const BYTES_KEYS = ['bytes', 'size', 'bytes_sent', 'body_bytes_sent', 'response_size', 'http.response.body.bytes'];

/** Looks a key up in a flat map, then as a dotted path into nested objects. */
function lookup(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const flat = record[key];
    if (flat !== undefined && flat !== null && flat !== '') return flat;
    if (key.includes('.')) {
      let node: unknown = record;
      for (const part of key.split('.')) {
        node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
      }
      if (node !== undefined && node !== null && node !== '') return node;
    }
  }
  return undefined;
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * A duration under a key that names no unit: text with a unit ("350ms", "1.2s") says it;
 * a number with a fraction is seconds (zap, caddy), a large integer is Go's nanoseconds
 * (time.Duration), a small integer is milliseconds.
 */
function bareDurationToMs(value: unknown): number | null {
  if (typeof value === 'string') return durationWithUnitToMs(value);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  if (!Number.isInteger(value)) return value * 1000;
  return value >= 1_000_000 ? value / 1e6 : value;
}

/** Fills `out` from a structured record (a JSON object or logfmt pairs). */
export function applyStructuredRecord(record: Record<string, unknown>, out: ParsedLine, years: YearContext, levels: LevelVocabulary): void {
  const time = lookup(record, TIME_KEYS);
  if (time !== undefined) out.timestamp = parseTimestampValue(time, years);
  out.level = levels.fromValue(lookup(record, LEVEL_KEYS));

  let message = lookup(record, MESSAGE_KEYS);
  const fields = record.fields;
  if (message === undefined && typeof fields === 'object' && fields !== null) {
    message = lookup(fields as Record<string, unknown>, MESSAGE_KEYS);
  }
  const messageText = asText(message);
  out.message = messageText !== null ? messageText.replace(/\r?\n$/, '') : '';

  let host = lookup(record, HOST_KEYS);
  if (typeof host === 'object' && host !== null) host = (host as Record<string, unknown>).name;
  out.host = asText(host);
  out.session = asText(lookup(record, SESSION_KEYS));
  out.client = asText(lookup(record, CLIENT_KEYS));

  const status = Number(lookup(record, STATUS_KEYS));
  if (Number.isInteger(status) && status >= 100 && status <= 599) {
    out.status = status;
    if (out.level === null) out.level = levelFromHttpStatus(status);
  }
  const method = asText(lookup(record, METHOD_KEYS));
  if (method !== null && /^[A-Z]{3,10}$/.test(method)) out.method = method;
  const path = asText(lookup(record, PATH_KEYS));
  if (path !== null && out.status !== null) out.path = stripQuery(path);
  if (out.status !== null) {
    const ms = lookup(record, DURATION_MS_KEYS);
    out.responseTimeMs = ms !== undefined ? durationWithUnitToMs(ms) : bareDurationToMs(lookup(record, DURATION_KEYS));
    const bytes = Number(lookup(record, BYTES_KEYS));
    if (Number.isFinite(bytes) && bytes >= 0) out.bytes = bytes;
  }
}
