import { MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import { formationProblem } from '../../../shared/validation.js';
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
    const entries = Object.entries(formation);
    if (entries.length === 0) throw new UserError('Nothing to scale: give TYPE=QTY, e.g. web=2');
    const next = { ...rec.formation, ...formation };
    const problem = formationProblem(Object.keys(rec.build?.commands ?? {}), next, MAX_DYNOS_PER_TYPE, MAX_DYNOS_PER_APP);
    if (problem) throw new UserError(problem);
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
    const dto = await core.supervisor.runOneOff(app, core.processRelease(rec), command ?? null, { cols: cols ?? 120, rows: rows ?? 30 });
    if (attach) attachTerminal(core, client, app, dto.name);
    core.logs.add(app, 'dynodesk', dto.name, `Starting process with command \`${command ?? 'shell'}\` by user`);
    return { dyno: dto.name };
  },
};
