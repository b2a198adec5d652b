import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configBytes, configKeyProblem, configSizeProblem, configValueProblem, MAX_CONFIG_BYTES } from '../../shared/validation.js';

test('config size counts the UTF-8 bytes of every name and every value', () => {
  assert.equal(configBytes({}), 0);
  assert.equal(configBytes({ AB: 'cd', E: '' }), 5);
  // é is 2 bytes, € 3, 😀 (a surrogate pair in JavaScript) 4; a lone surrogate becomes U+FFFD, 3.
  assert.equal(configBytes({ K: 'é€😀\ud800' }), 1 + 2 + 3 + 4 + 3);
  for (const sample of ['plain', 'é€😀', 'x\ud800y\udc00z', '\udc00\ud800']) {
    assert.equal(configBytes({ K: sample }), 1 + Buffer.byteLength(sample), 'the same count as Node\'s encoder');
  }
});

test('config vars may take 32 KB in all, and the refusal states the rule', () => {
  assert.equal(MAX_CONFIG_BYTES, 32768);
  const atLimit = { KEY: 'v'.repeat(MAX_CONFIG_BYTES - 3) };
  assert.equal(configSizeProblem(atLimit), null);
  assert.equal(
    configSizeProblem({ ...atLimit, X: '' }),
    'config vars too large: they would take 32769 bytes, and an app\'s config vars together (every name plus every value, in UTF-8 bytes) may take at most 32768 bytes (32 KB), as on Heroku',
  );
  assert.match(configSizeProblem({ KEY: 'é'.repeat(MAX_CONFIG_BYTES / 2) }) ?? '', /would take 32771 bytes/, 'counted in bytes, not characters');
});

test('NUL bytes are refused in names and values, without echoing them', () => {
  assert.equal(configValueProblem('TOKEN', 'abc'), null);
  assert.equal(configValueProblem('TOKEN', 'ab\0c'), 'config var TOKEN contains a NUL byte, which no environment variable can hold');
  const problem = configKeyProblem('A\0B');
  assert.match(problem ?? '', /NUL byte/);
  assert.ok(!problem?.includes('\0'));
});
