// IPC channel names shared by the main process and the preload. Kept dependency-free so the
// sandboxed preload bundle stays tiny.

/** Prefix of the one-channel-per-command invoke handlers: `dynodesk:apps.list`, … */
export const COMMAND_CHANNEL_PREFIX = 'dynodesk:';
/** Every engine event travels on this one channel as `{ event, payload }`. */
export const EVENT_CHANNEL = 'dynodesk:event';
/** The only non-command channel: asks main to open a URL in the user's browser (policy-checked there). */
export const OPEN_EXTERNAL_CHANNEL = 'dynodesk-host:open-external';
/** Shows the native folder picker for the asking window; resolves the chosen path or null. */
export const PICK_FOLDER_CHANNEL = 'dynodesk-host:pick-folder';
/** Main → renderer: the app menu asks the window to open a view (payload: 'preferences'). */
export const MENU_VIEW_CHANNEL = 'dynodesk-host:menu-view';
/** Passed to the renderer process through webPreferences.additionalArguments (sync, no IPC needed). */
export const SAMPLE_PATH_ARG = '--dynodesk-sample-path=';

export function commandChannel(cmd: string): string {
  return COMMAND_CHANNEL_PREFIX + cmd;
}
