import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, intFlag } from '../../../electron/host/cli/args.js';
import { parseScaleArgs } from '../../../electron/host/cli/commands-ps.js';
import { parseEnvFlags } from '../../../electron/host/cli/commands-apps.js';
import { formatPs } from '../../../electron/host/cli/format.js';
import { CliError } from '../../../electron/host/control-client.js';

const spec = { values: { '-a': 'app', '--app': 'app', '-n': 'num' }, booleans: { '--json': 'json', '--tail': 'tail' } };

test('flags and positionals in any order; --x=y form', () => {
  const a = parseArgs(['web=2', '-a', 'shop', '--json', 'worker=1', '--app=other'], spec);
  assert.deepEqual(a.positionals, ['web=2', 'worker=1']);
  assert.equal(a.flags.get('app'), 'other');
  assert.equal(a.flags.get('json'), '');
});

test('unknown flags and missing values are errors', () => {
  assert.throws(() => parseArgs(['--nope'], spec), /Unknown flag --nope/);
  assert.throws(() => parseArgs(['-a'], spec), /-a needs a value/);
});

test('run-style parsing keeps the command intact after the first positional', () => {
  const a = parseArgs(['-a', 'shop', 'ls', '-la', '--json'], { ...spec, stopAtPositional: true });
  assert.deepEqual(a.positionals, ['ls', '-la', '--json']);
});

test('integer flags are checked', () => {
  assert.equal(intFlag(parseArgs(['-n', '5'], spec), 'num', 100, 1, 10), 5);
  assert.throws(() => intFlag(parseArgs(['-n', 'x'], spec), 'num', 100, 1, 10), /whole number/);
  assert.throws(() => intFlag(parseArgs(['-n', '50'], spec), 'num', 100, 1, 10), /between 1 and 10/);
});

test('ps:scale arguments: absolute and relative, bad forms rejected', () => {
  assert.deepEqual(parseScaleArgs(['web=3', 'worker+1'], { worker: 2 }), { web: 3, worker: 3 });
  assert.deepEqual(parseScaleArgs(['web-1'], { web: 2 }), { web: 1 });
  assert.throws(() => parseScaleArgs(['web=1.5'], {}), (e: unknown) => e instanceof CliError && /not a whole number/.test(e.message));
  assert.throws(() => parseScaleArgs(['web'], {}), /expected TYPE=QTY/);
  assert.throws(() => parseScaleArgs([], {}), /Usage/);
});

test('repeated value flags are all kept in order; --env KEY=VALUE pairs', () => {
  const a = parseArgs(['--env', 'A=1', '-e', 'B=x=y', '--env=C='], { values: { '--env': 'env', '-e': 'env' }, booleans: {} });
  assert.deepEqual(a.lists.get('env'), ['A=1', 'B=x=y', 'C=']);
  assert.equal(a.flags.get('env'), 'C=', 'the plain lookup still sees the last one');
  assert.deepEqual(parseEnvFlags(a.lists.get('env') ?? []), { A: '1', B: 'x=y', C: '' });
  assert.equal(parseEnvFlags([]), undefined);
  assert.throws(() => parseEnvFlags(['NOVALUE']), /--env NOVALUE is invalid: expected KEY=VALUE/);
  assert.throws(() => parseEnvFlags(['=1']), /expected KEY=VALUE/);
});

test('the ps hint for an app without dynos names a process type it has', () => {
  assert.equal(formatPs([], { web: 'node s.js', worker: 'node w.js' }), 'No dynos running. Scale up with `dynodesk ps:scale web=1`.');
  assert.equal(formatPs([], { worker: 'node w.js', clock: 'node c.js' }), 'No dynos running. Scale up with `dynodesk ps:scale worker=1`.');
  assert.match(formatPs([], {}), /no process types/);
});
