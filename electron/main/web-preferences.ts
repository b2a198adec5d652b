// The web preferences of every Dynodesk window, as a plain object so tests can check them
// without Electron. Each flag is the safe value, spelled out even where it is Electron's default,
// so a future default change or a careless edit shows up in review and in tests.
import { SAMPLE_PATH_ARG } from './ipc-channels.js';

export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly spellcheck: false;
  readonly devTools: boolean;
  readonly additionalArguments: string[];
}

export interface WebPreferencesInput {
  preloadPath: string;
  /** Path of the bundled sample app, handed to the preload as window.dynodeskHost.samplePath. */
  samplePath?: string | null;
  devTools?: boolean;
}

export function secureWebPreferences(input: WebPreferencesInput): SecureWebPreferences {
  if (!input.preloadPath) throw new Error('secureWebPreferences: preloadPath is required');
  const additionalArguments: string[] = [];
  if (input.samplePath) additionalArguments.push(SAMPLE_PATH_ARG + input.samplePath);
  return Object.freeze({
    preload: input.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // Dropping a folder must hand its path to the app, not navigate the window to file://.
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: input.devTools ?? true,
    additionalArguments,
  } as const);
}
