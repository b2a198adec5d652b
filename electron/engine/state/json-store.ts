import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';

export interface Loaded<T> {
  value: T;
  /** Set when the file was corrupt: where it was moved and what we loaded instead. */
  problem: string | null;
}

/**
 * A versioned JSON state file with a last-good copy. A file that does not parse or validate is
 * quarantined as `<file>.corrupt-<time>` and the last good copy (or the empty state) is loaded.
 */
export class JsonStore<T> {
  constructor(
    readonly path: string,
    private readonly schemaVersion: number,
    private readonly validate: (data: unknown) => T,
    private readonly empty: () => T,
  ) {}

  load(): Loaded<T> {
    if (!existsSync(this.path)) return { value: this.empty(), problem: null };
    try {
      const value = this.parse(readFileSync(this.path, 'utf8'));
      // Keep a copy of what we just proved good, for the day the main file is damaged.
      copyFileSync(this.path, this.backupPath);
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
    writeFileAtomic(this.path, `${JSON.stringify({ schema: this.schemaVersion, data: value }, null, 2)}\n`);
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
    if (schema !== this.schemaVersion) throw new Error(`unsupported schema version ${String(schema)}`);
    return this.validate(data);
  }
}
