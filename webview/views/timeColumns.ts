/**
 * The time column of the charts' tables: bucket starts as people read them in the display zone,
 * and in CSV exports as ISO-8601 UTC instants, which spreadsheets and scripts read without doubt.
 */
import type { Cell, Column } from '../table';
import type { DisplayZone } from '../timeZone';

export function bucketColumn(zone: DisplayZone): Column {
  return { label: `Bucket start (${zone.name})`, csvLabel: 'Bucket start (ISO 8601 UTC)' };
}

export function bucketCell(zone: DisplayZone, startMs: number, bucketMs: number): Cell {
  return { text: zone.bucketStart(startMs, bucketMs), csv: new Date(startMs).toISOString() };
}
