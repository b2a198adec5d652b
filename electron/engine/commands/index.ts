import type { HandlerMap } from './handler.js';
import { appHandlers } from './apps.js';
import { configHandlers } from './config.js';
import { psHandlers } from './ps.js';
import { terminalHandlers } from './terminal.js';

export const handlers: HandlerMap = { ...appHandlers, ...psHandlers, ...configHandlers, ...terminalHandlers };
