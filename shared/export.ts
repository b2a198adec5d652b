// `dynodesk export`: the app's current release as files for another platform (Docker Compose or
// Kubernetes). Plain JSON, like every DTO that crosses a door.

export type ExportTarget = 'compose' | 'kubernetes';

export const EXPORT_TARGETS: readonly ExportTarget[] = ['compose', 'kubernetes'];

export interface ExportFile {
  /** Relative to the output folder, with `/` separators ("compose.yaml", "Dockerfile"). */
  path: string;
  content: string;
  /** Holds secrets (config vars, database passwords): written readable by the owner only. */
  secret: boolean;
}

export interface ExportResult {
  target: ExportTarget;
  files: ExportFile[];
  /** Where they were written (absolute), or null when only previewed. */
  outputDir: string | null;
}
