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
  if (!CONFIG_KEY_RE.test(key)) return `invalid config var name "${key}": use letters, digits and underscores, not starting with a digit`;
  if ((RESERVED_CONFIG_KEYS as readonly string[]).includes(key)) return `config var ${key} is reserved: Dynodesk sets it for every dyno`;
  return null;
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
