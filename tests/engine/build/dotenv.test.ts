import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../../electron/engine/errors.js';
import { parseDotenv } from '../../../electron/engine/build/dotenv.js';

function rejects(text: string, message: string | RegExp): void {
  assert.throws(() => parseDotenv(text), (err: unknown) => {
    assert.ok(err instanceof UserError, 'expected a UserError');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('parseDotenv', () => {
  it('parses plain, exported, quoted, empty and commented values', () => {
    const env = parseDotenv([
      '# comment',
      '',
      'PLAIN=hello world  ',
      'export EXPORTED=yes',
      "SINGLE='literal $X \\n # kept'",
      'DOUBLE="a\\nb\\t\\"q\\" \\\\ \\$ \\q" # trailing comment',
      'EMPTY=',
      'EMPTY_QUOTED=""',
      'URL=http://h/#frag   # inline comment',
      '  SPACED = value ',
      'CRLF=x\r',
      'EQUALS=a=b=c',
    ].join('\n'));
    assert.deepEqual(env, {
      PLAIN: 'hello world',
      EXPORTED: 'yes',
      SINGLE: 'literal $X \\n # kept',
      DOUBLE: 'a\nb\t"q" \\ $ \\q',
      EMPTY: '',
      EMPTY_QUOTED: '',
      URL: 'http://h/#frag',
      SPACED: 'value',
      CRLF: 'x',
      EQUALS: 'a=b=c',
    });
  });

  it('lets a later line override an earlier one', () => {
    assert.deepEqual(parseDotenv('A=1\nA=2\n'), { A: '2' });
  });

  it('drops the reserved PORT, DYNO and PS (the engine sets them per dyno)', () => {
    assert.deepEqual(parseDotenv('PORT=5000\nDYNO=web.1\nPS=x\nKEEP=1\n'), { KEEP: '1' });
  });

  it('reports a line without =', () => {
    rejects('A=1\n\nJUSTAWORD\n', '.env line 3: expected KEY=VALUE, got "JUSTAWORD"');
    rejects('export FOO', '.env line 1: expected KEY=VALUE, got "export FOO"');
  });

  it('reports invalid names', () => {
    rejects('1ABC=x', /^\.env line 1: invalid variable name "1ABC"/);
    rejects('A-B=x', /^\.env line 1: invalid variable name "A-B"/);
    rejects('=x', /^\.env line 1: invalid variable name ""/);
  });

  it('reports unterminated quotes', () => {
    rejects("A='abc", /^\.env line 1: unterminated single-quoted value/);
    rejects('\nB="abc\\"', /^\.env line 2: unterminated double-quoted value/);
  });

  it('reports text after a closing quote', () => {
    rejects('A="x" y', '.env line 1: unexpected text after the closing quote: "y"');
  });
});
