// Procfile parsing (foreman format). Strict on purpose: a typo in a Procfile should fail the
// deploy with a line number, not silently drop a process type.
import { PROCESS_TYPE_RE } from '../../../shared/validation.js';
import { UserError } from '../errors.js';

export interface ParsedProcfile {
  /** Process type → command, in file order. `release` is not included. */
  processTypes: Record<string, string>;
  releaseCommand: string | null;
}

/** Longest excerpt of a bad line quoted back in an error; a Procfile line can be anything. */
const EXCERPT_MAX = 80;

export function excerpt(line: string): string {
  const s = line.length > EXCERPT_MAX ? `${line.slice(0, EXCERPT_MAX)}…` : line;
  return JSON.stringify(s);
}

export function parseProcfile(text: string): ParsedProcfile {
  const processTypes: Record<string, string> = {};
  const firstSeen = new Map<string, number>();
  let releaseCommand: string | null = null;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? '').replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new UserError(`Procfile line ${lineNo}: expected \`name: command\`, got ${excerpt(line)}`);
    }
    const name = line.slice(0, colon).trim();
    const command = line.slice(colon + 1).trim();
    if (!PROCESS_TYPE_RE.test(name)) {
      throw new UserError(
        `Procfile line ${lineNo}: invalid process type ${excerpt(name)}: use letters, digits, dashes and underscores (expected \`name: command\`)`,
      );
    }
    if (command === '') {
      throw new UserError(`Procfile line ${lineNo}: process type "${name}" has no command`);
    }
    const first = firstSeen.get(name);
    if (first !== undefined) {
      throw new UserError(`Procfile line ${lineNo}: duplicate process type "${name}" (already defined on line ${first})`);
    }
    firstSeen.set(name, lineNo);
    if (name === 'release') releaseCommand = command;
    else processTypes[name] = command;
  }
  return { processTypes, releaseCommand };
}
