// Every exported file says where it came from, so a reader months later can tell which Dynodesk
// and which release wrote it (and that re-exporting overwrites it).
import type { ExportModel } from './model.js';

export function headerLines(model: ExportModel): string[] {
  return [
    `Exported by Dynodesk ${model.dynodeskVersion} from app "${model.app}" release v${model.release}`,
    'Re-running `dynodesk export` regenerates this file: keep your changes elsewhere or re-apply them.',
  ];
}

/** The header as `#` comments (YAML, Dockerfile, env files, .gitignore). */
export function hashHeader(model: ExportModel): string {
  return `${headerLines(model).map((l) => `# ${l}`).join('\n')}\n`;
}
