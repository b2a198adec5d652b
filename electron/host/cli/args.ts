import { CliError } from '../control-client.js';

export interface ParsedArgs {
  positionals: string[];
  /** canonical flag name → value ('' for booleans present); the last one given wins */
  flags: Map<string, string>;
  /** canonical flag name → every value given, in order, for flags that may repeat (`--env A=1 --env B=2`) */
  lists: Map<string, string[]>;
}

export interface FlagSpec {
  /** alias ('-a', '--app') → canonical name ('app') */
  values: Record<string, string>;
  booleans: Record<string, string>;
  /** `run CMD --flag`: everything from the first positional on belongs to the command. */
  stopAtPositional?: boolean;
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (spec.stopAtPositional && positionals.length > 0) { positionals.push(arg); continue; }
    if (arg.startsWith('-') && arg.length > 1) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      const valueFlag = spec.values[name];
      const boolFlag = spec.booleans[name];
      if (valueFlag) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new CliError(`${name} needs a value`);
        flags.set(valueFlag, value);
        lists.set(valueFlag, [...(lists.get(valueFlag) ?? []), value]);
      } else if (boolFlag && eq < 0) {
        flags.set(boolFlag, '');
      } else {
        throw new CliError(`Unknown flag ${name}`);
      }
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, flags, lists };
}

export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new CliError(`--${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new CliError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export const APP_FLAGS = { '-a': 'app', '--app': 'app' };
export const JSON_FLAG = { '--json': 'json' };
