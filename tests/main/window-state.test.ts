import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WINDOW_STATE, fitToWorkAreas, loadWindowState, saveWindowState } from '../../electron/main/window-state.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynodesk-winstate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('saved bounds come back', (t) => {
  const file = join(tempDir(t), 'nested', 'window-state.json');
  saveWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
  assert.deepEqual(loadWindowState(file), { x: 10, y: 20, width: 1000, height: 700, maximized: true });
});

test('a missing, corrupt or foreign file means defaults, never a crash', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(loadWindowState(join(dir, 'none.json')), DEFAULT_WINDOW_STATE);
  for (const [name, text] of [['corrupt', '{not json'], ['null', 'null'], ['old', '{"version":0,"width":5,"height":5}'], ['nan', '{"version":1,"width":"wide","height":1}']]) {
    const f = join(dir, `${name}.json`);
    writeFileSync(f, text as string);
    assert.deepEqual(loadWindowState(f), DEFAULT_WINDOW_STATE, name);
  }
});

test('tiny sizes are raised to the minimum', (t) => {
  const f = join(tempDir(t), 's.json');
  writeFileSync(f, JSON.stringify({ version: 1, width: 10, height: 10, maximized: false }));
  const s = loadWindowState(f);
  assert.ok(s.width >= 720 && s.height >= 480);
  assert.equal(s.x, undefined);
});

test('a window saved on an unplugged monitor reopens on the primary one', () => {
  const primary = { x: 0, y: 0, width: 1920, height: 1080 };
  const onScreen = { x: 100, y: 100, width: 1200, height: 800, maximized: false };
  assert.deepEqual(fitToWorkAreas(onScreen, [primary]), onScreen);
  const offScreen = { x: 3000, y: 100, width: 2400, height: 800, maximized: false };
  assert.deepEqual(fitToWorkAreas(offScreen, [primary]), { width: 1920, height: 800, maximized: false });
  const second = { x: 1920, y: 0, width: 2560, height: 1440 };
  assert.deepEqual(fitToWorkAreas(offScreen, [primary, second]), offScreen);
});
