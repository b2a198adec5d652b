// Exports must be byte-for-byte reproducible: order by code units, never by locale.

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The same record with its keys in code-unit order. */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort(compareText)) out[key] = record[key] as T;
  return out;
}
