import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../../electron/engine/errors.js';
import { hasRequirementLines, parsePyprojectDependencies } from '../../../electron/engine/build/pyproject.js';

describe('parsePyprojectDependencies', () => {
  it('reads a multi-line [project] dependencies array, ignoring comments and other tables', () => {
    const text = [
      '[build-system]',
      'requires = ["setuptools"]',
      '[project]',
      'name = "x"',
      'dependencies = [',
      '  "flask>=3",  # web',
      "  'gunicorn',",
      '  "requests[socks] ; python_version > \'3.8\'",',
      ']',
      '[project.optional-dependencies]',
      'dev = ["pytest"]',
    ].join('\n');
    assert.deepEqual(parsePyprojectDependencies(text), {
      dependencies: ['flask>=3', 'gunicorn', "requests[socks] ; python_version > '3.8'"],
      usesPoetry: false,
    });
  });

  it('reads a one-line array and notices Poetry', () => {
    assert.deepEqual(parsePyprojectDependencies('[project]\ndependencies = ["a", "b"]\n'), { dependencies: ['a', 'b'], usesPoetry: false });
    assert.deepEqual(parsePyprojectDependencies('[tool.poetry.dependencies]\npython = "^3.11"\n'), { dependencies: [], usesPoetry: false });
    assert.equal(parsePyprojectDependencies('[tool.poetry.dependencies]\npython = "^3.11"\nflask = "^3"\n').usesPoetry, true);
  });

  it('rejects a dependencies value that is not an array', () => {
    assert.throws(() => parsePyprojectDependencies('[project]\ndependencies = "flask"\n'),
      (e: unknown) => e instanceof UserError && e.message === 'pyproject.toml line 2: expected `dependencies = [ "…", … ]`');
  });
});

describe('hasRequirementLines', () => {
  it('ignores blanks and comments', () => {
    assert.equal(hasRequirementLines(''), false);
    assert.equal(hasRequirementLines('# a\n\n  # b\r\n'), false);
    assert.equal(hasRequirementLines('# a\nflask==3  # pinned\n'), true);
  });
});
