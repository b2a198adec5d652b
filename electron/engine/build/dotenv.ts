// `.env` files (foreman/dotenv style). Errors name the line: a silently skipped line would
// surface later as a mysteriously missing variable.
import { CONFIG_KEY_RE, RESERVED_CONFIG_KEYS } from '../../../shared/validation.js';
import { UserError } from '../errors.js';
import { excerpt } from './procfile.js';

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * Parse KEY=VALUE lines. Supports `#` comments, blank lines, an optional `export ` prefix,
 * 'single' (literal) and "double" (\n, \r, \t, \", \\ escapes) quotes, and ` # comments`
 * after unquoted values. Reserved keys (PORT, DYNO, PS) are dropped: foreman-era .env files
 * often set PORT, and the engine assigns it per dyno anyway.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? '').replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq < 0) throw new UserError(`.env line ${lineNo}: expected KEY=VALUE, got ${excerpt(line)}`);
    const key = body.slice(0, eq).trim();
    if (!CONFIG_KEY_RE.test(key)) {
      throw new UserError(`.env line ${lineNo}: invalid variable name ${excerpt(key)}: use letters, digits and underscores, not starting with a digit`);
    }
    const value = parseValue(body.slice(eq + 1).trimStart(), lineNo);
    if ((RESERVED_CONFIG_KEYS as readonly string[]).includes(key)) continue;
    out[key] = value;
  }
  return out;
}

function parseValue(raw: string, lineNo: number): string {
  const quote = raw[0];
  if (quote === "'" || quote === '"') {
    const { value, end } = quote === "'" ? singleQuoted(raw, lineNo) : doubleQuoted(raw, lineNo);
    const rest = raw.slice(end).trim();
    if (rest !== '' && !rest.startsWith('#')) {
      throw new UserError(`.env line ${lineNo}: unexpected text after the closing quote: ${excerpt(rest)}`);
    }
    return value;
  }
  // Unquoted: an inline comment needs whitespace before '#', so URLs with fragments survive.
  const comment = /\s#/.exec(raw);
  return (comment ? raw.slice(0, comment.index) : raw).trim();
}

function unterminated(lineNo: number, kind: string): never {
  throw new UserError(`.env line ${lineNo}: unterminated ${kind}-quoted value (values cannot span lines; use \\n inside double quotes)`);
}

function singleQuoted(raw: string, lineNo: number): { value: string; end: number } {
  const close = raw.indexOf("'", 1);
  if (close < 0) unterminated(lineNo, 'single');
  return { value: raw.slice(1, close), end: close + 1 };
}

function doubleQuoted(raw: string, lineNo: number): { value: string; end: number } {
  let value = '';
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1] as string;
      const mapped = DOUBLE_QUOTE_ESCAPES[next];
      // Unknown escapes are kept verbatim (Windows paths in .env files are common).
      value += mapped ?? `\\${next}`;
      i++;
      continue;
    }
    value += c;
  }
  return unterminated(lineNo, 'double');
}
