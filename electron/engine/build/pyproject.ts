// Just enough of pyproject.toml to install a project's dependencies without building the project
// itself (which would need its build backend from PyPI): the PEP 621 `[project] dependencies` array.
import { UserError } from '../errors.js';

export interface PyprojectDeps {
  dependencies: string[];
  /** Poetry keeps dependencies elsewhere; we do not resolve those. */
  usesPoetry: boolean;
}

export function parsePyprojectDependencies(text: string): PyprojectDeps {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  let table = '';
  let usesPoetry = false;
  const dependencies: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i] ?? '').trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1] ?? '';
      continue;
    }
    if (table === 'tool.poetry.dependencies' && /^[A-Za-z0-9_.-]+\s*=/.test(line) && !/^python\s*=/.test(line)) usesPoetry = true;
    if (table !== 'project') continue;
    const m = /^dependencies\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    // The array may span lines: collect until the closing bracket.
    let body = m[1] ?? '';
    let j = i;
    while (!body.includes(']') && j + 1 < lines.length) {
      j++;
      body += `\n${stripComment(lines[j] ?? '')}`;
    }
    if (!body.trimStart().startsWith('[') || !body.includes(']')) {
      throw new UserError(`pyproject.toml line ${i + 1}: expected \`dependencies = [ "…", … ]\``);
    }
    for (const s of body.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) dependencies.push(s[1] ?? s[2] ?? '');
    i = j;
  }
  return { dependencies: dependencies.filter((d) => d.trim() !== ''), usesPoetry };
}

/** Drop a `# comment`, leaving `#` inside quoted strings alone. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** True if a requirements.txt has anything for pip to do (not only blanks and comments). */
export function hasRequirementLines(text: string): boolean {
  return text.split('\n').some((l) => stripComment(l).trim() !== '');
}
