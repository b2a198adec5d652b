/** Fixed-capacity ring: push is O(1), memory is bounded by capacity. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    const idx = (this.start + this.count) % this.capacity;
    this.items[idx] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /**
   * Put `sorted` (in order by `before`) among the newest items so that a ring in order stays in order:
   * lines stamped elsewhere (the router's thread) arrive after newer ones. Costs the items it passes
   * over plus the new ones, not a sort; on ties the items already here stay first.
   */
  insertSorted(sorted: readonly T[], before: (a: T, b: T) => boolean): void {
    const first = sorted[0];
    if (first === undefined) return;
    let later = 0;
    while (later < this.count && before(first, this.at(this.count - 1 - later))) later++;
    if (later === 0) {
      // The common case, lines arriving in order: appended, nothing moved or merged.
      for (const item of sorted) this.push(item);
      return;
    }
    const moved: T[] = [];
    for (let i = this.count - later; i < this.count; i++) moved.push(this.at(i));
    this.count -= later;
    for (const item of mergeSorted(moved, sorted, before)) this.push(item);
  }

  get size(): number {
    return this.count;
  }

  /** The last `n` items (oldest first) that pass `keep`. */
  tail(n: number, keep: (item: T) => boolean = () => true): T[] {
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0 && out.length < n; i--) {
      const item = this.at(i);
      if (keep(item)) out.push(item);
    }
    return out.reverse();
  }

  private at(i: number): T {
    return this.items[(this.start + i) % this.capacity] as T;
  }
}

/** Merge two lists each in order by `before`; on ties `a`'s items come first. */
export function mergeSorted<T>(a: readonly T[], b: readonly T[], before: (x: T, y: T) => boolean): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (before(b[j] as T, a[i] as T)) out.push(b[j++] as T);
    else out.push(a[i++] as T);
  }
  while (i < a.length) out.push(a[i++] as T);
  while (j < b.length) out.push(b[j++] as T);
  return out;
}
