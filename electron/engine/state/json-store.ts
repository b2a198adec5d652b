import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';

export interface Loaded<T> {
  value: T;
  /** Set when the file was corrupt: where it was moved and what we loaded instead. */
  problem: string | null;
}

/**
 * A versioned JSON state file with a last-good copy. A file that does not parse or validate is
 * quarantined as `<file>.corrupt-<time>` and the last good copy (or the empty state) is loaded.
 * The copy is rewritten after every save, so a recovery loses at most the write that was torn.
 */
export class JsonStore<T> {
  constructor(
    readonly path: string,
    private readonly schemaVersion: number,
    private readonly validate: (data: unknown) => T,
    private readonly empty: () => T,
    /**
     * Brings data written under an older schema version up to `schemaVersion` (throws for a version
     * it does not know). Without it, only the current version loads.
     */
    private readonly migrate?: (fromVersion: number, data: unknown) => unknown,
  ) {}

  load(): Loaded<T> {
    if (!existsSync(this.path)) return { value: this.empty(), problem: null };
    try {
      const text = readFileSync(this.path, 'utf8');
      const value = this.parse(text);
      // Keep a copy of what we just proved good, for the day the main file is damaged.
      writeFileAtomic(this.backupPath, text);
      return { value, problem: null };
    } catch (err) {
      const quarantined = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.path, quarantined);
      let value = this.empty();
      let from = 'an empty state';
      if (existsSync(this.backupPath)) {
        try {
          value = this.parse(readFileSync(this.backupPath, 'utf8'));
          from = 'the last good copy';
        } catch { /* backup is bad too: start empty */ }
      }
      const reason = err instanceof Error ? err.message : String(err);
      return { value, problem: `State file ${this.path} was corrupt (${reason}); moved it to ${quarantined} and loaded ${from}.` };
    }
  }

  save(value: T): void {
    const text = `${JSON.stringify({ schema: this.schemaVersion, data: value }, null, 2)}\n`;
    writeFileAtomic(this.path, text);
    // After the main file, so the copy never holds a state the main file did not reach. Atomic
    // too: a crash between or during the two writes leaves each file whole, old or new.
    writeFileAtomic(this.backupPath, text);
  }

  private get backupPath(): string {
    return `${this.path}.last-good`;
  }

  private parse(text: string): T {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null || !('schema' in raw) || !('data' in raw)) {
      throw new Error('missing schema/data fields');
    }
    const { schema, data } = raw as { schema: unknown; data: unknown };
    if (schema === this.schemaVersion) return this.validate(data);
    if (this.migrate && typeof schema === 'number' && Number.isInteger(schema) && schema < this.schemaVersion) {
      return this.validate(this.migrate(schema, data));
    }
    throw new Error(`unsupported schema version ${String(schema)}`);
  }
}
