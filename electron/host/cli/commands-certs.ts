// Local HTTPS from the command line: `certs` shows the CA and the HTTPS port, `certs:trust` installs the
// CA into this machine's trust stores (after saying what it will do), `certs:untrust` removes it.
import type { CertsStatus, TrustOutcome, TrustStep } from '../../../shared/certs.js';
import { JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, withEngine, type Io } from './context.js';
import { CliError } from '../control-client.js';

/** What `certs --json` prints. */
export interface CertsReport { caCertPath: string; trusted: boolean; tlsPort: number | null }

export function formatCerts(s: CertsStatus): string {
  const lines = [
    `CA certificate: ${s.caCertPath}`,
    `Trusted by this system: ${s.trusted ? 'yes' : 'no (run `dynodesk certs:trust`)'}`,
    s.tlsPort !== null ? `HTTPS: https://<app>.localhost:${s.tlsPort}` : `HTTPS: off${s.tlsProblem ? ` (${s.tlsProblem})` : ''}`,
  ];
  for (const st of s.stores) lines.push(`  ${st.trusted ? 'trusted    ' : 'not trusted'}  ${st.store}`);
  return lines.join('\n');
}

export function formatPlan(steps: TrustStep[], verb: string): string {
  if (steps.length === 0) return `No trust store found that Dynodesk knows how to ${verb}.`;
  return steps.map((s) => `  - ${s.store}: ${s.action}${s.manual ? ' (needs root: you run it)' : ''}\n      ${s.command}`).join('\n');
}

function report(io: Io, outcome: TrustOutcome, json: boolean, caPath: string): number {
  if (json) {
    printJson(io, outcome);
  } else {
    for (const s of outcome.steps) {
      if (s.outcome === 'done') io.out(`done     ${s.store}`);
      else if (s.outcome === 'failed') io.out(`FAILED   ${s.store}: ${s.message ?? ''}`);
      else io.out(`to do    ${s.store}: run this yourself:\n           ${s.command}`);
    }
    io.out(`Trusted by this system: ${outcome.status.trusted ? 'yes' : 'no'}`);
    if (outcome.steps.length === 0) io.out(`Import ${caPath} by hand where you need it.`);
  }
  return outcome.steps.some((s) => s.outcome === 'failed') ? 1 : 0;
}

export const certsCommand: CliCommand = {
  name: 'certs',
  usage: 'certs [--json]',
  summary: 'Show the local certificate authority behind https://<app>.localhost, whether it is trusted, and the HTTPS port',
  flags: { values: {}, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    if (args.positionals.length > 0) throw new CliError(`Usage: dynodesk ${certsCommand.usage}`);
    const s = await client.call('certs.status', {});
    const r: CertsReport = { caCertPath: s.caCertPath, trusted: s.trusted, tlsPort: s.tlsPort };
    if (args.flags.has('json')) printJson(io, r);
    else io.out(formatCerts(s));
    return 0;
  }),
};

function trustCommand(add: boolean): CliCommand {
  const name = add ? 'certs:trust' : 'certs:untrust';
  const command: CliCommand = {
    name,
    usage: `${name} [--json]`,
    summary: add
      ? 'Install the local certificate authority into this machine\'s trust stores, so browsers accept https://<app>.localhost'
      : 'Remove the local certificate authority from this machine\'s trust stores',
    flags: { values: {}, booleans: JSON_FLAG },
    run: (args, io) => withEngine(async (client) => {
      if (args.positionals.length > 0) throw new CliError(`Usage: dynodesk ${command.usage}`);
      const json = args.flags.has('json');
      const before = await client.call('certs.status', {});
      // Say what will change before changing it (on stderr, so --json keeps stdout for the result).
      const plan = add ? before.trustPlan : before.untrustPlan;
      io.err(add
        ? `Dynodesk will trust its local certificate authority (${before.caCertPath}) for TLS. It can only vouch for localhost, *.localhost, 127.0.0.1 and ::1. It will:`
        : `Dynodesk will remove its local certificate authority (${before.caCertPath}) from these stores:`);
      io.err(formatPlan(plan, add ? 'add it to' : 'remove it from'));
      const outcome = await client.call(add ? 'certs.trust' : 'certs.untrust', {});
      return report(io, outcome, json, before.caCertPath);
    }),
  };
  return command;
}

export const certsTrustCommand = trustCommand(true);
export const certsUntrustCommand = trustCommand(false);
