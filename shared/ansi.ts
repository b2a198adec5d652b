// Terminal escape sequences (CSI with any parameter bytes, OSC, and two-byte escapes): terminals keep
// them for colour; log lines and the logs view show plain text.
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI_RE, '') : text;
}
