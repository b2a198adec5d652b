// <dataDir>/dynos.json: the pid and start time of every dyno process and seen descendant, so a
// new engine can kill what a crashed one left behind. Written atomically and debounced.
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomicAsync } from '../state/atomic-file.js';
import { dirname, join } from 'node:path';

export const DYNO_RECORD_FILE = 'dynos.json';
const SCHEMA_VERSION = 1;

export interface RecordedProcess {
  pid: number;
  startTime: string;
  app: string;
  dyno: string;
  /** true for the dyno's root process (its session and group are ours too) */
  root: boolean;
}

interface RecordFile {
  version: number;
  enginePid: number;
  updatedAt: string;
  processes: RecordedProcess[];
}

export async function readDynoRecord(dataDir: string): Promise<RecordedProcess[]> {
  let text: string;
  try {
    text = await readFile(join(dataDir, DYNO_RECORD_FILE), 'utf8');
  } catch {
    return [];
  }
  return parseDynoRecord(text);
}

/** Synchronous read, for a constructor that must capture the previous engine's record before writing its own. */
export function readDynoRecordSync(dataDir: string): RecordedProcess[] {
  try {
    return parseDynoRecord(readFileSync(join(dataDir, DYNO_RECORD_FILE), 'utf8'));
  } catch {
    return [];
  }
}

export function parseDynoRecord(text: string): RecordedProcess[] {
  try {
    const parsed = JSON.parse(text) as Partial<RecordFile>;
    if (parsed.version !== SCHEMA_VERSION || !Array.isArray(parsed.processes)) return [];
    return parsed.processes.filter(isRecordedProcess);
  } catch {
    // A torn or foreign file: nothing trustworthy to sweep. It is rewritten on the next change.
    return [];
  }
}

function isRecordedProcess(p: unknown): p is RecordedProcess {
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  return Number.isInteger(r.pid) && (r.pid as number) > 1 && typeof r.startTime === 'string'
    && typeof r.app === 'string' && typeof r.dyno === 'string' && typeof r.root === 'boolean';
}

export async function writeDynoRecord(dataDir: string, processes: RecordedProcess[]): Promise<void> {
  const body: RecordFile = { version: SCHEMA_VERSION, enginePid: process.pid, updatedAt: new Date().toISOString(), processes };
  const path = join(dataDir, DYNO_RECORD_FILE);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicAsync(path, JSON.stringify(body));
}


/** Debounced, serialized writer: many changes in a burst become one write. */
export class DynoRecordWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly dataDir: string,
    private readonly collect: () => RecordedProcess[],
    private readonly debounceMs = 100,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
  }

  /** Write now if anything changed; resolves when the file on disk is current. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await writeDynoRecord(this.dataDir, this.collect());
      } catch (err) {
        this.onError(err);
      }
    });
    return this.writing;
  }

  /** Final write, then no more timers. */
  async close(): Promise<void> {
    await this.flush();
  }
}
