// The router raises V8's cumulative inlining budget once per process, unless the launcher chose one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { budgetChosenByLauncher } from '../../../electron/engine/router/jit-budget.js';

const moduleUrl = new URL('../../../electron/engine/router/jit-budget.ts', import.meta.url).href;
const repo = fileURLToPath(new URL('../../../', import.meta.url));

test('a budget given on the command line, in Electron js-flags or NODE_OPTIONS is left alone', () => {
  assert.equal(budgetChosenByLauncher([], ['electron', '.'], undefined), false);
  assert.equal(budgetChosenByLauncher(['--max-old-space-size=512'], [], '--enable-source-maps'), false);
  assert.equal(budgetChosenByLauncher(['--max-inlined-bytecode-size-cumulative=1000'], [], undefined), true);
  assert.equal(budgetChosenByLauncher(['--max_inlined_bytecode_size_cumulative=1000'], [], undefined), true);
  assert.equal(budgetChosenByLauncher([], ['app', '--js-flags=--max-inlined-bytecode-size-cumulative=2000'], undefined), true);
  assert.equal(budgetChosenByLauncher([], ['app', '--flag=--max-inlined-bytecode-size-cumulative=2000'], undefined), false);
  assert.equal(budgetChosenByLauncher([], [], '--max-inlined-bytecode-size-cumulative=1'), true);
});

function run(nodeFlags: string[]): string {
  const code = `import(${JSON.stringify(moduleUrl)}).then((m) => console.log(m.raiseInliningBudget(), m.raiseInliningBudget()))`;
  return execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '-e', code], { cwd: repo, encoding: 'utf8' }).trim();
}

test('in a fresh process the budget is set once; a launcher flag wins', () => {
  assert.equal(run([]), 'true false');
  assert.equal(run(['--max-inlined-bytecode-size-cumulative=1000']), 'false false');
});
