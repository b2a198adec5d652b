import { exportApp } from '../export/export-app.js';
import type { HandlerMap } from './handler.js';

type ExportHandlers = Pick<HandlerMap, 'apps.export'>;

export const exportHandlers: ExportHandlers = {
  'apps.export': async (core, args) => exportApp(core, args),
};
