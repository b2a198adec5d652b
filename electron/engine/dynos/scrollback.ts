// A bounded ring of raw terminal output: what a terminal view shows when it opens.

/** Small chunks are merged so a chatty dyno doesn't cost an array slot per byte. */
const MERGE_BELOW = 4096;

export class Scrollback {
  private chunks: string[] = [];
  private total = 0;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.total;
  }

  append(data: string): void {
    if (data.length === 0) return;
    if (data.length >= this.capacity) {
      this.chunks = [cutFront(data, data.length - this.capacity)];
      this.total = this.chunks[0]?.length ?? 0;
      return;
    }
    const last = this.chunks.length - 1;
    const tail = this.chunks[last];
    if (tail !== undefined && tail.length < MERGE_BELOW) this.chunks[last] = tail + data;
    else this.chunks.push(data);
    this.total += data.length;
    this.trim();
  }

  snapshot(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  private trim(): void {
    let excess = this.total - this.capacity;
    while (excess > 0 && this.chunks.length > 0) {
      const first = this.chunks[0] ?? '';
      if (first.length <= excess) {
        this.chunks.shift();
        this.total -= first.length;
        excess -= first.length;
      } else {
        const kept = cutFront(first, excess);
        this.total -= first.length - kept.length;
        this.chunks[0] = kept;
        excess = 0;
      }
    }
  }
}

/** Drop `count` code units from the front without splitting a surrogate pair. */
function cutFront(text: string, count: number): string {
  let start = count;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start++;
  return text.slice(start);
}
