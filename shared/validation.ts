// Heroku's naming rules, shared so the UI validates exactly as the engine does.

export const APP_NAME_RE = /^[a-z][a-z0-9-]{0,29}$/;
export const PROCESS_TYPE_RE = /^[A-Za-z0-9_-]+$/;
export const CONFIG_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const DYNO_NAME_RE = /^([A-Za-z0-9_-]+)\.([1-9][0-9]*)$/;
/** Set by the engine for every dyno; a config var may not override them. */
export const RESERVED_CONFIG_KEYS = ['PORT', 'DYNO', 'PS'] as const;

export function appNameProblem(name: string): string | null {
  if (APP_NAME_RE.test(name)) return null;
  return `invalid app name "${name}": use lowercase letters, digits and dashes, start with a letter, at most 30 characters`;
}

export function configKeyProblem(key: string): string | null {
  // Named apart from other bad names: echoing the key would put the NUL itself in the message.
  if (key.includes('\0')) return 'invalid config var name: it contains a NUL byte, which no environment variable can hold';
  if (!CONFIG_KEY_RE.test(key)) return `invalid config var name "${key}": use letters, digits and underscores, not starting with a digit`;
  if ((RESERVED_CONFIG_KEYS as readonly string[]).includes(key)) return `config var ${key} is reserved: Dynodesk sets it for every dyno`;
  return null;
}

/** A dyno's environment is a list of C strings: a NUL would silently cut the value short. */
export function configValueProblem(key: string, value: string): string | null {
  if (value.includes('\0')) return `config var ${key} contains a NUL byte, which no environment variable can hold`;
  return null;
}

/**
 * Heroku's limit on an app's config vars, all of them together. It also keeps every dyno's
 * environment well below what the OS lets a process start with (E2BIG, "Argument list too long").
 */
export const MAX_CONFIG_BYTES = 32 * 1024;

/** UTF-8 length without TextEncoder or Buffer: shared/ compiles against neither DOM nor Node. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point outside the BMP
      i++;
    } else bytes += 3; // the rest of the BMP; a lone surrogate is encoded as U+FFFD, also 3
  }
  return bytes;
}

/** Size of an app's config vars as Heroku counts it: the bytes of every name plus every value. */
export function configBytes(config: Readonly<Record<string, string>>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(config)) bytes += utf8Length(key) + utf8Length(value);
  return bytes;
}

export function configSizeProblem(config: Readonly<Record<string, string>>): string | null {
  const bytes = configBytes(config);
  if (bytes <= MAX_CONFIG_BYTES) return null;
  return `config vars too large: they would take ${bytes} bytes, and an app's config vars together `
    + `(every name plus every value, in UTF-8 bytes) may take at most ${MAX_CONFIG_BYTES} bytes (32 KB), as on Heroku`;
}

/** Turn any string into a valid app name candidate (used for folder names). */
export function slugifyAppName(raw: string): string {
  let s = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^[-0-9]+/, '').replace(/-+$/, '');
  if (!s) s = 'app';
  return s.slice(0, 30).replace(/-+$/, '');
}

/** Why a formation (type → quantity) can't run for an app with these process types; null when it can. */
export function formationProblem(processTypes: readonly string[], formation: Readonly<Record<string, number>>, maxPerType: number, maxPerApp: number): string | null {
  let total = 0;
  for (const [type, qty] of Object.entries(formation)) {
    if (!processTypes.includes(type)) {
      return `No such process type ${type} defined in Procfile (${processTypes.length ? `known: ${processTypes.join(', ')}` : 'the app has none'})`;
    }
    if (!Number.isInteger(qty)) return `Invalid quantity for ${type}: ${qty} is not a whole number`;
    if (qty < 0 || qty > maxPerType) return `Invalid quantity for ${type}: ${qty} (must be 0 to ${maxPerType})`;
    total += qty;
  }
  if (total > maxPerApp) return `That would run ${total} dynos; an app may run at most ${maxPerApp}`;
  return null;
}
