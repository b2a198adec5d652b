// The lint rules that keep Node internals out of the engine (eslint.config.js): planted uses are
// rejected by the project's own configuration, through ESLint's Node API; documented ones pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function problems(source: string, filePath = 'electron/engine/router/planted.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${ROOT}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

test('process.binding, _handle and other internals are rejected in electron/engine', async () => {
  const planted = [
    "export const w = (process as unknown as { binding(n: string): unknown }).binding('stream_wrap');",
    "export const w = process['binding'];",
    'export const { binding } = process;',
    "import type { Socket } from 'node:net';\nexport const fd = (s: Socket): unknown => (s as unknown as { _handle: { fd: number } })._handle.fd;",
    "import type { Socket } from 'node:net';\nexport const st = (s: Socket): unknown => (s as unknown as Record<string, unknown>)['_writableState'];",
    "export const t = (b: Buffer): string => (b as unknown as { latin1Slice(a: number, b: number): string }).latin1Slice(0, 1);",
  ];
  for (const source of planted) {
    const found = await problems(source);
    assert.ok(found.some((p) => /no-restricted-(properties|syntax)/.test(p)), `not rejected: ${source}\n${found.join('\n')}`);
  }
});

test('documented APIs pass, and the rule is about the engine only', async () => {
  assert.deepEqual(await problems("export const s = (b: Buffer): string => b.toString('latin1', 0, 1);"), []);
  assert.deepEqual(await problems("import { connect } from 'node:net';\nexport const c = (): unknown => connect(1).setNoDelay(true);"), []);
  assert.deepEqual(await problems("export const w = process['binding'];", 'scripts/planted.ts'), []);
});
