/**
 * Timestamp parsing: the common shapes of log timestamps, all converted to epoch milliseconds UTC.
 * Times without a zone are taken as UTC (the machine's zone says nothing about the log's).
 * Year-less shapes (syslog, glog, Android) take their year from a YearContext that moves forward
 * across New Year, so times do not run backwards.
 */

import { isAsciiDigit } from './charCodes';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Infers the missing year of year-less timestamps, in file order. */
export class YearContext {
  private year: number;
  private lastMonth = -1;
  private readonly referenceYear: number;
  /**
   * The second of the last ISO-like text parsed (see parseTimestampValue): the codes of its
   * first 19 characters (`YYYY-MM-DD?hh:mm:ss`) and its time, or NaN when there is none.
   */
  readonly lastSecondCodes = new Uint16Array(19);
  lastSecondMs = Number.NaN;
  /** Year and month of that second (what parsing it again would tell `sawDate`). */
  lastSecondYear = 0;
  lastSecondMonth = 0;
  /**
   * The last other text parsed, its time, and this context's state before and after it:
   * the same text from the same state parses to the same time and state.
   */
  lastOtherText = '';
  lastOtherMs = 0;
  lastOtherBefore = -1;
  lastOtherAfter = -1;

  /** @param referenceMs a time the log is known not to be later than (file mtime, or now). */
  constructor(private readonly referenceMs: number = Date.now()) {
    this.year = new Date(referenceMs).getUTCFullYear();
    this.referenceYear = this.year;
  }

  /**
   * A timestamp with its year was read: year-less ones after it follow the log's own dates
   * rather than the reference time (a syslog line among ISO-dated lines of 2024 is from 2024,
   * whatever the file's mtime). Years after the reference's are ignored (a bad clock).
   */
  sawDate(year: number, month: number): void {
    if (year > this.referenceYear) return;
    this.year = year;
    this.lastMonth = month;
  }

  /** The state year-less times depend on, as one number (see `restoreState`). */
  state(): number {
    return this.year * 16 + this.lastMonth + 1;
  }

  restoreState(state: number): void {
    this.year = Math.floor(state / 16);
    this.lastMonth = (state % 16) - 1;
  }

  yearFor(month: number): number {
    if (this.lastMonth < 0) {
      // First timestamp: a month after the reference month must be last year's.
      const referenceMonth = new Date(this.referenceMs).getUTCMonth();
      if (month > referenceMonth) this.year -= 1;
    } else if (month < this.lastMonth && this.lastMonth - month >= 6) {
      this.year += 1; // crossed New Year (Dec -> Jan)
    } else if (month > this.lastMonth && month - this.lastMonth >= 6) {
      this.year -= 1; // a late record from the previous year right after New Year
    }
    this.lastMonth = month;
    return this.year;
  }
}

export interface TimestampMatch {
  readonly ms: number;
  /** Offsets of the timestamp text in the searched string. */
  readonly start: number;
  readonly end: number;
}

type Converter = (m: RegExpExecArray, years: YearContext) => number | null;

interface Shape {
  readonly name: string;
  /** Sticky regex: matched exactly at a position. */
  readonly regex: RegExp;
  readonly convert: Converter;
  /** Shapes that are easily confused with other numbers are only tried at the start of a field. */
  readonly anchoredOnly: boolean;
}

/** `ms` of a timestamp that carried its year, noted in `years` (see YearContext.sawDate). */
function dated(years: YearContext, ms: number | null, year: number, month: number): number | null {
  if (ms !== null) years.sawDate(year, month);
  return ms;
}

function fraction(text: string | undefined): number {
  if (!text) return 0;
  return Math.floor(Number((text + '000').slice(0, 3)));
}

/** Common zone abbreviations (hours from UTC). Ambiguous ones (IST, CST in Asia) take the US/EU sense. */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 1, BST: 1, CET: 1, CEST: 2, EET: 2, EEST: 3, MSK: 3,
  EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7, AKST: -9, AKDT: -8, HST: -10,
  IST: 5.5, JST: 9, KST: 9, AEST: 10, AEDT: 11, NZST: 12, NZDT: 13,
};
/** Longest first, so CEST is not read as CET + "S". */
const ZONE_NAMES = Object.keys(ZONE_ABBREVIATIONS).sort((a, b) => b.length - a.length).join('|');

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const named = ZONE_ABBREVIATIONS[zone.toUpperCase()];
  if (named !== undefined) return named * 3_600_000;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(/[^0-9]/g, '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

function utc(year: number, month: number, day: number, h: number, mi: number, s: number, ms: number): number | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 24 || mi > 59 || s > 60) return null;
  return Date.UTC(year, month, day, h, mi, s, ms);
}

const MONTH_NAMES = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const DAY_NAMES = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';

function monthIndex(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? -1;
}

const SHAPES: readonly Shape[] = [
  {
    // 2015-10-17 15:37:56,547 · 2022-06-02T11:58:12.193Z · 2025-08-13 01:45:01.123 -07:00 · 2015/10/17 15:37:56
    name: 'iso',
    regex: new RegExp(String.raw`(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?: ?(Z|[+-]\d{2}:?\d{2}|${ZONE_NAMES})\b)?`, 'y'),
    convert: (m, years) => {
      const t = utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7]));
      if (t === null) return null;
      years.sawDate(+m[1]!, +m[2]! - 1);
      return t - zoneOffsetMs(m[8]);
    },
    anchoredOnly: false,
  },
  {
    // BGL: 2005-06-03-15.42.50.675872
    name: 'iso-dotted',
    regex: /(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.(\d{1,9}))?/y,
    convert: (m, years) => dated(years, utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7])), +m[1]!, +m[2]! - 1),
    anchoredOnly: false,
  },
  {
    // Apache/NCSA: 17/May/2015:10:05:03 +0000
    name: 'apache',
    regex: new RegExp(`(\\d{2})/(${MONTH_NAMES})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?: ([+-]\\d{4}))?`, 'y'),
    convert: (m, years) => {
      const t = utc(+m[3]!, monthIndex(m[2]!), +m[1]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7]));
      if (t === null) return null;
      years.sawDate(+m[3]!, monthIndex(m[2]!));
      return t - zoneOffsetMs(m[8]);
    },
    anchoredOnly: false,
  },
  {
    // ctime: Sun Dec 04 04:47:44 2005 (Apache error log, uWSGI)
    name: 'ctime',
    regex: new RegExp(`(?:${DAY_NAMES}) (${MONTH_NAMES}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))? (\\d{4})`, 'y'),
    convert: (m, years) => dated(years, utc(+m[7]!, monthIndex(m[1]!), +m[2]!, +m[3]!, +m[4]!, +m[5]!, fraction(m[6])), +m[7]!, monthIndex(m[1]!)),
    anchoredOnly: false,
  },
  {
    // BSD syslog: Nov  3 09:23:38 (year-less), optionally followed by a year
    name: 'syslog',
    regex: new RegExp(`(${MONTH_NAMES}) {1,2}(\\d{1,2}) (?:(\\d{4}) )?(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?`, 'y'),
    convert: (m, years) => {
      const month = monthIndex(m[1]!);
      if (m[3]) return dated(years, utc(+m[3], month, +m[2]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7])), +m[3], month);
      return utc(years.yearFor(month), month, +m[2]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7]));
    },
    anchoredOnly: false,
  },
  {
    // Spark/log4j short: 17/06/09 20:10:40 (yy/MM/dd)
    name: 'yy/mm/dd',
    regex: /(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/y,
    convert: (m) => utc(2000 + +m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7])),
    anchoredOnly: true,
  },
  {
    // Android logcat: 03-17 16:13:38.811 (year-less)
    name: 'mm-dd',
    regex: /(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/y,
    convert: (m, years) => {
      const month = +m[1]! - 1;
      return utc(years.yearFor(month), month, +m[2]!, +m[3]!, +m[4]!, +m[5]!, fraction(m[6]));
    },
    anchoredOnly: true,
  },
  {
    // glog/klog: I0102 15:04:05.123456 (level letter, year-less)
    name: 'glog',
    regex: /[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/y,
    convert: (m, years) => {
      const month = +m[1]! - 1;
      return utc(years.yearFor(month), month, +m[2]!, +m[3]!, +m[4]!, +m[5]!, fraction(m[6]));
    },
    anchoredOnly: true,
  },
  {
    // HDFS: 081109 203615 (yyMMdd HHmmss)
    name: 'yymmdd',
    regex: /(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(?!\d)/y,
    convert: (m) => utc(2000 + +m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, 0),
    anchoredOnly: true,
  },
  {
    // Epoch seconds or milliseconds, optionally with a fraction: 1077804742 · 1563384120.123 · 1563384120123
    name: 'epoch',
    regex: /(1\d{9}|1\d{12})(?:\.(\d{1,9}))?(?![\d.])/y,
    convert: (m) => epochToMs(m[1]!, m[2]),
    anchoredOnly: true,
  },
];

function epochToMs(whole: string, fractionText: string | undefined): number | null {
  if (whole.length === 13) return Number(whole);
  const seconds = Number(whole);
  // Plausible log times only (2001..2100), so that ids and counters are not taken for times.
  if (seconds < 978_307_200 || seconds > 4_102_444_800) return null;
  return seconds * 1000 + fraction(fractionText);
}

/** Tries every shape at exactly `position` of `text`. */
export function timestampAt(text: string, position: number, years: YearContext, anchored = true): TimestampMatch | null {
  for (const shape of SHAPES) {
    if (shape.anchoredOnly && !anchored) continue;
    shape.regex.lastIndex = position;
    const m = shape.regex.exec(text);
    if (m === null) continue;
    const ms = shape.convert(m, years);
    if (ms === null || Number.isNaN(ms)) continue;
    return { ms, start: position, end: shape.regex.lastIndex };
  }
  return null;
}

/**
 * Finds the first timestamp that starts a token within the first `window` characters of a line.
 * Shapes easily confused with numbers (epoch, yyMMdd, mm-dd) only count at a token start right
 * after whitespace or a bracket, to keep ids and sizes from looking like times.
 */
export function findTimestamp(line: string, years: YearContext, window = 96): TimestampMatch | null {
  const limit = Math.min(line.length, window);
  for (let i = 0; i < limit; i++) {
    const c = line.charCodeAt(i);
    const isDigit = isAsciiDigit(c);
    const isUpper = c >= 65 && c <= 90;
    if (!isDigit && !isUpper) continue;
    const previous = i === 0 ? 32 : line.charCodeAt(i - 1);
    const atTokenStart = previous === 32 || previous === 9 || previous === 91 || previous === 40 || previous === 34 || previous === 61 || previous === 124;
    if (!atTokenStart) continue;
    const found = timestampAt(line, i, years, true);
    if (found !== null) return found;
  }
  return null;
}

/** Parses a whole field that should be a timestamp (JSON `time`, logfmt `ts`, …). */
export function parseTimestampValue(value: unknown, years: YearContext): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Truncate like the text forms do: 1697048351.000541 s is .000 ms, not .001.
    if (value > 1e11) return Math.floor(value); // epoch millis
    if (value > 1e8) return Math.floor(value * 1000); // epoch seconds (maybe fractional)
    return null;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return null;
  const repeated = sameSecondAsBefore(value, years);
  if (repeated !== null) return repeated;
  // Syslog lines repeat their second too; their year depends on the context's state.
  const before = years.state();
  if (before === years.lastOtherBefore && value === years.lastOtherText) {
    years.restoreState(years.lastOtherAfter);
    return years.lastOtherMs;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return parseTimestampValue(Number(trimmed), years);
  const found = timestampAt(trimmed, 0, years, true);
  if (found !== null) {
    if (!rememberSecond(trimmed, found.ms, years)) {
      years.lastOtherText = value;
      years.lastOtherMs = found.ms;
      years.lastOtherBefore = before;
      years.lastOtherAfter = years.state();
    }
    return found.ms;
  }
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * Most lines of a log repeat the second of the line before and differ in the fraction only:
 * `yyyy-mm-dd[T ]hh:mm:ss` + `[.,]digits` + optional `Z`. Such a text is answered from the
 * previous one's second without the shape regexes (a tenth of the application-log profile).
 */
const SECOND_PREFIX = 19;

/** Milliseconds of the text after the second (`.123456Z`, `,5`, `` or `Z`), or -1 if it is anything else. */
function fractionAfterSecond(text: string): number {
  let end = text.length;
  if (end > SECOND_PREFIX && text.charCodeAt(end - 1) === 90 /* Z */) end--;
  if (end === SECOND_PREFIX) return 0;
  const separator = text.charCodeAt(SECOND_PREFIX);
  if ((separator !== 46 && separator !== 44) || end - SECOND_PREFIX - 1 < 1 || end - SECOND_PREFIX - 1 > 9) return -1;
  let ms = 0;
  for (let i = SECOND_PREFIX + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiDigit(c)) return -1;
    if (i < SECOND_PREFIX + 4) ms = ms * 10 + (c - 48);
  }
  // Pad to three digits: ",5" is 500 ms.
  for (let digits = Math.min(3, end - SECOND_PREFIX - 1); digits < 3; digits++) ms *= 10;
  return ms;
}

function sameSecondAsBefore(text: string, years: YearContext): number | null {
  if (Number.isNaN(years.lastSecondMs) || text.length < SECOND_PREFIX) return null;
  // Seconds first: they are what changes. Compared by code (startsWith on the sliced strings
  // regex captures are showed in the application-log profile).
  const codes = years.lastSecondCodes;
  for (let i = SECOND_PREFIX - 1; i >= 0; i--) {
    // The date-time separator (T or space) may differ: JSON and text lines of one log mix both.
    if (i !== 10 && text.charCodeAt(i) !== codes[i]) return null;
  }
  const separator = text.charCodeAt(10);
  if (separator !== 84 /* T */ && separator !== 32) return null;
  const fraction = fractionAfterSecond(text);
  if (fraction < 0) return null;
  // What parsing the text would note (the ISO shape tells every dated text to the context).
  years.sawDate(years.lastSecondYear, years.lastSecondMonth);
  return years.lastSecondMs + fraction;
}

/** Keeps the second of an ISO-like text; false (nothing kept) for other texts. */
function rememberSecond(text: string, ms: number, years: YearContext): boolean {
  const iso = text.length >= SECOND_PREFIX && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58;
  const fraction = iso ? fractionAfterSecond(text) : -1;
  if (fraction < 0) return false;
  for (let i = 0; i < SECOND_PREFIX; i++) years.lastSecondCodes[i] = text.charCodeAt(i);
  years.lastSecondMs = ms - fraction;
  years.lastSecondYear = Number(text.slice(0, 4));
  years.lastSecondMonth = Number(text.slice(5, 7)) - 1;
  return true;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
