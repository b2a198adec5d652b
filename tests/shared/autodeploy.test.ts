import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autodeployApp, autodeployId } from '../../shared/autodeploy.js';

test('an autodeploy id names its app and fits the deploy id limit; other ids name none', () => {
  const id = autodeployId('a-thirty-character-app-name-xy', 'abcdef12');
  assert.ok(id.length <= 64);
  assert.equal(autodeployApp(id), 'a-thirty-character-app-name-xy');
  assert.equal(autodeployApp('2f0c9a5e-0000-4000-8000-000000000000'), null);
  assert.equal(autodeployApp('autodeploy:'), null);
  assert.equal(autodeployApp('autodeploy::x'), null);
});
