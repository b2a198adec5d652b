import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secureWebPreferences } from '../../electron/main/web-preferences.js';
import { SAMPLE_PATH_ARG } from '../../electron/main/ipc-channels.js';

test('every window is isolated, sandboxed, without Node, with web security', () => {
  const p = secureWebPreferences({ preloadPath: '/app/dist-electron/preload.cjs' });
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.preload, '/app/dist-electron/preload.cjs');
});

test('no back doors: workers, subframes, webviews, insecure content, drag-navigation', () => {
  const p = secureWebPreferences({ preloadPath: '/p.cjs' });
  assert.equal(p.nodeIntegrationInWorker, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.allowRunningInsecureContent, false);
  assert.equal(p.experimentalFeatures, false);
  assert.equal(p.navigateOnDragDrop, false);
});

test('the preferences object is frozen and has only the keys we chose', () => {
  const p = secureWebPreferences({ preloadPath: '/p.cjs', devTools: false });
  assert.ok(Object.isFrozen(p));
  assert.deepEqual(Object.keys(p).sort(), [
    'additionalArguments', 'allowRunningInsecureContent', 'contextIsolation', 'devTools', 'experimentalFeatures',
    'navigateOnDragDrop', 'nodeIntegration', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'preload',
    'safeDialogs', 'sandbox', 'spellcheck', 'webSecurity', 'webviewTag',
  ]);
  assert.equal(p.devTools, false);
});

test('the sample path reaches the preload as one additional argument', () => {
  assert.deepEqual(secureWebPreferences({ preloadPath: '/p.cjs' }).additionalArguments, []);
  const p = secureWebPreferences({ preloadPath: '/p.cjs', samplePath: '/data/sample-app' });
  assert.deepEqual(p.additionalArguments, [`${SAMPLE_PATH_ARG}/data/sample-app`]);
});

test('a missing preload path is a programming error', () => {
  assert.throws(() => secureWebPreferences({ preloadPath: '' }), /preloadPath/);
});
