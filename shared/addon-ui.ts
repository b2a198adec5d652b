// What the dashboard runs and shows for an add-on: the one-off command of its Console button, and its
// config var's value with the password hidden.
import type { AddonServiceName } from './types.js';

const CLIENTS: Record<AddonServiceName, { program: string; passwordEnv: string; args: (url: string) => string; install: string; installWindows: string }> = {
  'heroku-postgresql': {
    program: 'psql',
    passwordEnv: 'PGPASSWORD',
    args: (url) => url,
    install: 'apt install postgresql-client / brew install libpq',
    installWindows: 'install PostgreSQL and put its bin folder on PATH',
  },
  'heroku-redis': {
    program: 'redis-cli',
    passwordEnv: 'REDISCLI_AUTH',
    args: (url) => `-u ${url}`,
    install: 'apt install redis-tools / brew install redis',
    installWindows: 'install a Redis for Windows such as Memurai and put redis-cli on PATH',
  },
};

/**
 * The one-off dyno command that opens the add-on's client (psql, redis-cli) on its config var.
 *
 * The command names the variable and the dyno's own shell reads it, so `ps` and the log's "Starting
 * process" line show `$DATABASE_URL`, never the password. The shell also moves the password out of the
 * URL into the client's environment (PGPASSWORD, REDISCLI_AUTH), as `pg:psql` and `redis:cli` do: the
 * client's arguments are readable by every user of the machine. A value that is not a URL with
 * credentials is passed as it is. A machine without the client gets a one-line hint (exit 127) rather
 * than the shell's bare "command not found". Null when `configVar` is not a plain variable name.
 */
export function addonConsoleCommand(service: AddonServiceName, configVar: string, platform: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(configVar)) return null;
  const c = CLIENTS[service];
  if (platform === 'win32') {
    // cmd.exe cannot split the URL on one line: the client gets it whole (Windows does not show one
    // user's process arguments to another).
    // `&` binds loosest, so a missing client prints the hint and exits before the second part (the
    // hints hold no parentheses, which would end the group early).
    return `where /q ${c.program} || (echo ${c.program} is not installed: ${c.installWindows} & exit 127) & ${c.program} ${c.args(`"%${configVar}%"`)}`;
  }
  // v: the URL; r: after the scheme; a: the userinfo (before the first @); u: its user part.
  const split = `v=$${configVar}; [ -n "$v" ] || { echo "${configVar} is not set"; exit 1; }; case $v in *://*@*) r=\${v#*://}; a=\${r%%@*}; u=\${a%%:*}; `
    + `[ "$a" = "$u" ] || export ${c.passwordEnv}="\${a#*:}"; v="\${v%%://*}://\${u:+$u@}\${r#*@}";; esac`;
  return `command -v ${c.program} >/dev/null || { echo "${c.program} is not installed: ${c.install}"; exit 127; }; ${split}; exec ${c.program} ${c.args('"$v"')}`;
}

export const MASKED_SECRET = '********';

/**
 * A config var's value with its secret hidden: the password of a URL (postgres://role:…@host/db,
 * redis://:…@host:port) becomes ********; any other value is hidden whole.
 */
export function maskSecretValue(value: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/?#@]*:)(.*)(@[^@]*)$/.exec(value);
  if (m && m[2]) return `${m[1]}${MASKED_SECRET}${m[3]}`;
  return value === '' ? '' : MASKED_SECRET;
}
