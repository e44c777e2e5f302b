/**
 * A small RFC 4180 CSV parser: comma-separated fields, `"`-quoted fields that may hold commas,
 * line breaks and doubled quotes (`""`), records ended by CRLF or LF. A final line break is
 * optional. Unquoted fields are returned as-is (no trimming).
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  // True once the current record has any content (so a trailing newline adds no empty record).
  let recordStarted = false;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */ && field === '') {
      // Quoted field: read until a lone quote.
      i++;
      let start = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('CSV: unterminated quoted field');
        field += text.slice(start, q);
        if (text.charCodeAt(q + 1) === 0x22) {
          field += '"';
          i = q + 2;
          start = i;
        } else {
          i = q + 1;
          break;
        }
      }
      recordStarted = true;
      const next = text.charCodeAt(i);
      if (i < n && next !== 0x2c && next !== 0x0a && next !== 0x0d) {
        throw new Error(`CSV: unexpected character after a quoted field at offset ${i}`);
      }
      continue;
    }
    if (ch === 0x2c /* , */) {
      record.push(field);
      field = '';
      recordStarted = true;
      i++;
    } else if (ch === 0x0a || ch === 0x0d) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      recordStarted = false;
      i += ch === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      // Plain run up to the next delimiter.
      let end = i + 1;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        end++;
      }
      field += text.slice(i, end);
      recordStarted = true;
      i = end;
    }
  }
  if (recordStarted || field !== '') {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Rows of a CSV file with a header, as objects keyed by column name. */
export function parseCsvWithHeader(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => {
    const object: Record<string, string> = {};
    header.forEach((name, k) => (object[name] = row[k] ?? ''));
    return object;
  });
}
