export * from './types.js';
export * from './defaults.js';
export * from './validation.js';
export * from './commands.js';
export * from './events.js';
export * from './protocol.js';
export * from './api.js';
