// The one rule for which variables are the engine's own and never reach a build or a dyno. It is
// applied to the host's environment (builds, dynos) and again when a dyno starts (defence in
// depth: a config var cannot smuggle one in either).

/** Whether a variable belongs to the engine or the desktop shell rather than to the app. */
export function isEngineVariable(key: string): boolean {
  // Electron's switches would change how a dyno's own node behaves; tokens and the control
  // socket are the engine's alone; npm_* are npm's run-script variables from `npm start`.
  return key.startsWith('ELECTRON_')
    || key === 'NODE_OPTIONS'
    || key.startsWith('DYNODESK_TOKEN')
    || key.startsWith('DYNODESK_CONTROL')
    || key === 'DYNODESK_HOME'
    || key.startsWith('npm_');
}
