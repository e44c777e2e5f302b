/**
 * The `logscope.timeZone` setting: "local" (the default: the zone of the machine, or of the
 * browser showing the dashboard), "UTC", or an IANA zone name. Read by the extension host and the
 * language server; a value that names no zone falls back to local time with a message naming the
 * setting.
 */
import { machineTimeZone, normalizeTimeZone } from '../engine/timeZone';

export const TIME_ZONE_SETTING = 'logscope.timeZone';
export const LOCAL_ZONE = 'local';

export interface TimeZoneChoice {
  /** "local", "UTC" or an IANA zone name (spelling normalised: "europe/berlin" → "Europe/Berlin"). */
  readonly zone: string;
  /** Why the setting's value is not used (local time is used instead), or null. */
  readonly problem: string | null;
}

const HINT = 'use "local", "UTC" or an IANA name such as "Europe/Berlin"';

export function parseTimeZoneSetting(value: unknown): TimeZoneChoice {
  if (value === undefined || value === null) return { zone: LOCAL_ZONE, problem: null };
  if (typeof value !== 'string') {
    return { zone: LOCAL_ZONE, problem: `Setting "${TIME_ZONE_SETTING}" must be a text value (${HINT}); showing local time instead.` };
  }
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === LOCAL_ZONE) return { zone: LOCAL_ZONE, problem: null };
  const zone = normalizeTimeZone(trimmed);
  if (zone !== null) return { zone, problem: null };
  const shown = trimmed.length > 60 ? `${trimmed.slice(0, 59)}…` : trimmed;
  return { zone: LOCAL_ZONE, problem: `Setting "${TIME_ZONE_SETTING}" is invalid: "${shown}" is not a time zone (${HINT}); showing local time instead.` };
}

/** The zone a choice stands for: "local" becomes `localZone` (by default this machine's zone). */
export function resolveTimeZone(zone: string, localZone: string = machineTimeZone()): string {
  return zone === LOCAL_ZONE ? localZone : zone;
}
