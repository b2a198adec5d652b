import type { HandlerMap } from './handler.js';

type EngineHandlers = Pick<HandlerMap, 'engine.info' | 'engine.lan'>;

export const engineHandlers: EngineHandlers = {
  'engine.info': async (core) => core.info(),

  'engine.lan': async (core, { enabled }) => {
    await core.lan.set(enabled);
    const info = core.info();
    // Every window and dashboard tab shows the toggle: tell them all, not just the caller.
    core.emit({ event: 'engine.changed', payload: { info } });
    return info;
  },
};
