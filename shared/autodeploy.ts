// The deploy id an autodeploy build runs under. It names the app because a deploy's first
// `deploy.progress` events (and a failure in detection) come before the engine has matched the
// folder to an app: a client can still tell whose build failed, and that no one clicked Deploy.

const PREFIX = 'autodeploy:';

export function autodeployId(app: string, nonce: string): string {
  return `${PREFIX}${app}:${nonce}`;
}

/** The app an autodeploy build is for, or null when `deployId` is some other deploy's. */
export function autodeployApp(deployId: string): string | null {
  if (!deployId.startsWith(PREFIX)) return null;
  const end = deployId.lastIndexOf(':');
  return end > PREFIX.length ? deployId.slice(PREFIX.length, end) : null;
}
