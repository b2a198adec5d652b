import { MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import { UserError } from '../errors.js';
import type { HandlerMap } from './handler.js';
import { attachTerminal } from './terminal.js';

type PsHandlers = Pick<HandlerMap, 'ps.list' | 'ps.scale' | 'ps.restart' | 'ps.stop' | 'run.start'>;

export const psHandlers: PsHandlers = {
  'ps.list': async (core, { app }) => {
    core.registry.get(app);
    return core.supervisor.list(app);
  },

  'ps.scale': async (core, { app, formation }) => core.withAppLock(app, async () => {
    const rec = core.registry.get(app);
    const types = Object.keys(rec.build?.commands ?? {});
    const entries = Object.entries(formation);
    if (entries.length === 0) throw new UserError('Nothing to scale: give TYPE=QTY, e.g. web=2');
    for (const [type, qty] of entries) {
      if (!types.includes(type)) {
        throw new UserError(`No such process type ${type} defined in Procfile (${types.length ? `known: ${types.join(', ')}` : 'the app has none'})`, 'not_found');
      }
      if (!Number.isInteger(qty)) throw new UserError(`Invalid quantity for ${type}: ${qty} is not a whole number`);
      if (qty < 0 || qty > MAX_DYNOS_PER_TYPE) throw new UserError(`Invalid quantity for ${type}: ${qty} (must be 0 to ${MAX_DYNOS_PER_TYPE})`);
    }
    const next = { ...rec.formation, ...formation };
    const total = Object.values(next).reduce((a, b) => a + b, 0);
    if (total > MAX_DYNOS_PER_APP) throw new UserError(`That would run ${total} dynos; an app may run at most ${MAX_DYNOS_PER_APP}`);
    const updated = core.registry.update(app, (draft) => { draft.formation = next; });
    core.logs.add(app, 'dynodesk', 'api', `Scaled to ${entries.map(([t, q]) => `${t}@${q}`).join(', ')}`);
    await core.applyFormation(updated);
    return { ...updated.formation };
  }),

  'ps.restart': async (core, { app, target }) => core.withAppLock(app, async () => {
    core.registry.get(app);
    const restarted = await core.supervisor.restart(app, target);
    core.logs.add(app, 'dynodesk', 'api', `Restarting ${target ?? 'all dynos'}`);
    return { restarted };
  }),

  'ps.stop': async (core, { app, dyno }) => {
    core.registry.get(app);
    await core.supervisor.stopDyno(app, dyno);
    return { stopped: dyno };
  },

  'run.start': async (core, { app, command, cols, rows, attach }, client) => {
    const rec = core.registry.get(app);
    if (!rec.build) throw new UserError(`${app} has no release yet: deploy it first`);
    const dto = core.supervisor.runOneOff(app, core.processRelease(rec), command ?? null, { cols: cols ?? 120, rows: rows ?? 30 });
    if (attach) attachTerminal(core, client, app, dto.name);
    core.logs.add(app, 'dynodesk', dto.name, `Starting process with command \`${command ?? 'shell'}\` by user`);
    return { dyno: dto.name };
  },
};
