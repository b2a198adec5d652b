// Env files: where every secret of an export lives (never the YAML). Two readers, two dialects:
// Compose (quotes understood, `$` interpolated unless single-quoted) and kustomize's secretGenerator
// `envs` (every byte after `=` taken as is, one line per value).
import { compareText } from './order.js';

const PLAIN = /^[A-Za-z0-9_.,:/@%+=~^-]*$/;

/** One `KEY=value` line as Compose reads it, quoted only when the value needs it. */
export function composeEnvLine(key: string, value: string): string {
  if (PLAIN.test(value)) return `${key}=${value}`;
  // Single quotes are literal in Compose: no escapes, no ${…} interpolation.
  if (!/['\n\r]/.test(value)) return `${key}='${value}'`;
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\$/g, '\\$');
  return `${key}="${escaped}"`;
}

/** Can kustomize's env-file reader carry this value on one line, byte for byte? Otherwise it needs a file of its own. */
export function fitsKubeEnvLine(value: string): boolean {
  return !/[\n\r]/.test(value) && value.trim() === value && !/^["']/.test(value);
}

export function kubeEnvLine(key: string, value: string): string {
  return `${key}=${value}`;
}

export interface EnvSection {
  /** Comment lines above the section (without "# "). */
  comment: string[];
  vars: Record<string, string>;
}

/** Header, then each section's comment and its variables in key order; a trailing newline. */
export function envFileText(header: string[], sections: readonly EnvSection[], line: (key: string, value: string) => string): string {
  const out = header.map((h) => `# ${h}`.trimEnd());
  for (const section of sections) {
    out.push('');
    out.push(...section.comment.map((c) => `# ${c}`.trimEnd()));
    for (const key of Object.keys(section.vars).sort(compareText)) out.push(line(key, section.vars[key] as string));
  }
  return `${out.join('\n')}\n`;
}
