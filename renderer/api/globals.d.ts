// Globals the Electron preload may provide. Both are absent in the browser dashboard.
import type { DynodeskApi } from '../../shared/api.js';

/** Host services that only make sense on the desktop. */
export interface DynodeskHost {
  /** The filesystem path of a dropped folder (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
  /** Opens an app URL (http://<app>.localhost:<port>) or an https URL in the default browser; anything else is refused. */
  openExternal(url: string): Promise<unknown> | void;
  /** Native folder picker; resolves null when cancelled. */
  pickFolder?(): Promise<string | null>;
  /** The app menu asked for a view (Preferences…, Cmd/Ctrl+,); returns the unsubscribe function. */
  onMenuView?(listener: (view: 'preferences') => void): () => void;
  /** The bundled sample app, or null when this build has none. */
  readonly samplePath?: string | null;
  readonly platform?: string;
}

declare global {
  interface Window {
    dynodesk?: DynodeskApi;
    dynodeskHost?: DynodeskHost;
  }
}
