import type { HandlerMap } from './handler.js';
import { appHandlers } from './apps.js';
import { configHandlers } from './config.js';
import { engineHandlers } from './engine.js';
import { psHandlers } from './ps.js';
import { terminalHandlers } from './terminal.js';

export const handlers: HandlerMap = { ...engineHandlers, ...appHandlers, ...psHandlers, ...configHandlers, ...terminalHandlers };
