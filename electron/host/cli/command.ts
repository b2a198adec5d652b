import type { FlagSpec, ParsedArgs } from './args.js';
import type { Io } from './context.js';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  flags: FlagSpec;
  /** Resolves to the exit status. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}
