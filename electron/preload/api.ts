// The objects the preload exposes, built from an ipcRenderer-like parameter so tests can check
// their shape under plain Node. Nothing here hands the page a generic send/invoke: each function
// is bound to one channel, and event listeners never see the IPC event object (its `sender`).
import type { DynodeskApi } from '../../shared/api.js';
import type { EventName, EventPayloads } from '../../shared/events.js';
import { COMMAND_CHANNEL_PREFIX, EVENT_CHANNEL, MENU_VIEW_CHANNEL, OPEN_EXTERNAL_CHANNEL, PICK_FOLDER_CHANNEL, SAMPLE_PATH_ARG } from '../main/ipc-channels.js';
import { COMMAND_NAMES } from './command-list.js';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type AnyListener = (payload: unknown) => void;

export function createDynodeskApi(ipc: IpcRendererLike): DynodeskApi {
  const listeners = new Map<string, Set<AnyListener>>();
  let attached = false;
  // One IPC listener for every event, attached on first subscription and dropped with the last.
  const dispatch = (_event: unknown, message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    const set = listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(payload);
      } catch (err) {
        // One faulty listener must not starve the others of events.
        console.error(err);
      }
    }
  };

  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    const channel = COMMAND_CHANNEL_PREFIX + name;
    api[name] = (args: unknown) => ipc.invoke(channel, args ?? {});
  }
  api.on = <K extends EventName>(event: K, listener: (payload: EventPayloads[K]) => void): (() => void) => {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('on(event, listener) needs an event name and a function');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as AnyListener;
    set.add(l);
    if (!attached) {
      ipc.on(EVENT_CHANNEL, dispatch);
      attached = true;
    }
    return () => {
      set.delete(l);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && attached) {
        ipc.removeListener(EVENT_CHANNEL, dispatch);
        attached = false;
      }
    };
  };
  api.kind = 'electron';
  return Object.freeze(api) as unknown as DynodeskApi;
}

export interface DynodeskHost {
  /** The absolute path of a file or folder dropped on the window. */
  pathForFile(file: File): string;
  /** Opens an app URL or an https URL in the user's browser; false if the policy refused it. */
  openExternal(url: string): Promise<boolean>;
  /** Native folder picker ("Add app…"); null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** The app menu asked for a view ('preferences'); returns the unsubscribe function. */
  onMenuView(listener: (view: MenuView) => void): () => void;
  readonly platform: string;
  /** The bundled sample app ("Try a sample app"), or null if this build has none. */
  readonly samplePath: string | null;
}

/** Views the app menu can open. */
export type MenuView = 'preferences';
const MENU_VIEWS: readonly string[] = ['preferences'];

export interface HostDeps {
  ipc: IpcRendererLike;
  getPathForFile(file: File): string;
  platform: string;
  argv: readonly string[];
}

export function samplePathFromArgv(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a.startsWith(SAMPLE_PATH_ARG));
  const value = arg?.slice(SAMPLE_PATH_ARG.length);
  return value ? value : null;
}

export function createHostApi(deps: HostDeps): DynodeskHost {
  return Object.freeze({
    pathForFile: (file: File) => deps.getPathForFile(file),
    openExternal: async (url: string) => (await deps.ipc.invoke(OPEN_EXTERNAL_CHANNEL, String(url))) === true,
    pickFolder: async () => {
      const picked = await deps.ipc.invoke(PICK_FOLDER_CHANNEL);
      return typeof picked === 'string' ? picked : null;
    },
    onMenuView: (listener: (view: MenuView) => void) => {
      if (typeof listener !== 'function') throw new TypeError('onMenuView(listener) needs a function');
      // The page never sees the IPC event; only the names of views the menu can open get through.
      const l = (_event: unknown, view: unknown): void => {
        if (typeof view === 'string' && MENU_VIEWS.includes(view)) listener(view as MenuView);
      };
      deps.ipc.on(MENU_VIEW_CHANNEL, l);
      return () => void deps.ipc.removeListener(MENU_VIEW_CHANNEL, l);
    },
    platform: deps.platform,
    samplePath: samplePathFromArgv(deps.argv),
  });
}
