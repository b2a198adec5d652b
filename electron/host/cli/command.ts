import type { FlagSpec, ParsedArgs } from './args.js';
import type { Io } from './context.js';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** More help, shown by `dynodesk help NAME` and `NAME --help` only. */
  details?: string;
  /** Not listed by `dynodesk help` (run by git hooks, not by people). */
  hidden?: boolean;
  flags: FlagSpec;
  /** Resolves to the exit status. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}
