// The router's request path is a chain of small functions (read callback → connection → exchange →
// head parser/writer → socket write). V8 inlines callees into an optimized function only up to a
// cumulative bytecode budget (920 bytes by default), which this chain exceeds about halfway: the rest
// stays as real calls, each with argument adaptation and no optimization across it. A larger budget
// lets the whole hot path compile as a few large functions; measured on the hello-world benchmark it
// cuts the router worker's CPU per request by about 4–9 % (paired runs, see bench/router.bench.ts).
//
// V8 flags are per process, not per isolate, and a worker cannot be given its own. This one is only
// read by the optimizing compiler when it compiles a function, so setting it at run time, before the
// worker starts, is safe: Node starts V8 with --no-freeze-flags-after-init, and Electron's main
// process does the same (shell/browser/javascript_environment.cc). The cost elsewhere is a little
// more optimized code on the main thread.
import { setFlagsFromString } from 'node:v8';

const FLAG = '--max-inlined-bytecode-size-cumulative';
export const ROUTER_INLINING_BUDGET = 4000;

let applied = false;

/** Whoever launched the process already chose a value (node flags, NODE_OPTIONS, Electron's --js-flags). */
export function budgetChosenByLauncher(execArgv: readonly string[], argv: readonly string[], nodeOptions: string | undefined): boolean {
  const names = [FLAG, FLAG.replace(/-/g, '_').replace(/^__/, '--')];
  const mentions = (s: string): boolean => names.some((n) => s.includes(n));
  return execArgv.some(mentions) || argv.some((a) => a.startsWith('--js-flags') && mentions(a)) || mentions(nodeOptions ?? '');
}

/** Raises the budget once per process (unless the launcher set it). Returns whether it was set now. */
export function raiseInliningBudget(): boolean {
  if (applied) return false;
  applied = true;
  if (budgetChosenByLauncher(process.execArgv, process.argv, process.env.NODE_OPTIONS)) return false;
  setFlagsFromString(`${FLAG}=${ROUTER_INLINING_BUDGET}`);
  return true;
}
