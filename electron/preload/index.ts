// Sandboxed preload: exposes exactly the shared contract as window.dynodesk, plus the few host
// facilities the UI needs as window.dynodeskHost. Bundled to CommonJS (a sandboxed preload
// cannot require local files) and kept free of zod to stay small.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createDynodeskApi, createHostApi } from './api.js';

contextBridge.exposeInMainWorld('dynodesk', createDynodeskApi(ipcRenderer));
contextBridge.exposeInMainWorld('dynodeskHost', createHostApi({
  ipc: ipcRenderer,
  getPathForFile: (file) => webUtils.getPathForFile(file),
  platform: process.platform,
  argv: process.argv,
}));
