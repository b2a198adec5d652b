import type { HandlerMap } from './handler.js';
import { addonHandlers } from './addons.js';
import { appHandlers } from './apps.js';
import { certsHandlers } from './certs.js';
import { configHandlers } from './config.js';
import { engineHandlers } from './engine.js';
import { exportHandlers } from './export.js';
import { featureHandlers } from './features.js';
import { psHandlers } from './ps.js';
import { releaseHandlers } from './releases.js';
import { terminalHandlers } from './terminal.js';

export const handlers: HandlerMap = { ...engineHandlers, ...appHandlers, ...psHandlers, ...configHandlers, ...releaseHandlers, ...terminalHandlers, ...certsHandlers, ...addonHandlers, ...exportHandlers, ...featureHandlers };
