import { MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import { formationProblem } from '../../../shared/validation.js';
import { rolloutWarning } from '../apps/rollout-wait.js';
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

  'ps.restart': async (core, { app, target }) => {
    const { restarted, rollout } = await core.withAppLock(app, async () => {
      core.registry.get(app);
      const names = await core.supervisor.restart(app, target);
      core.logs.add(app, 'dynodesk', 'api', `Restarting ${target ?? 'all dynos'}`);
      return { restarted: names, rollout: core.supervisor.rolloutDone(app) };
    });
    return { restarted, warning: await rolloutWarning(core, rollout) };
  },

  'ps.stop': async (core, { app, dyno }) => {
    core.registry.get(app);
    await core.supervisor.stopDyno(app, dyno);
    return { stopped: dyno };
  },

  'run.start': async (core, { app, command, cols, rows, attach, detached }, client) => {
    const rec = core.registry.get(app);
    if (!rec.build) throw new UserError(`${app} has no release yet: deploy it first`);
    const release = core.processRelease(rec);
    if (detached && !command?.trim()) throw new UserError('a detached one-off needs a command: it has no terminal to type into');
    // The supervisor logs its start line ("… by user"), and its output only when detached.
    const dto = await core.supervisor.runOneOff(
      app, release, command === undefined ? null : procfileCommand(release.commands, command), { cols: cols ?? 120, rows: rows ?? 30 }, detached ?? false,
    );
    if (attach) attachTerminal(core, client, app, dto.name);
    return { dyno: dto.name };
  },
};

/** `run worker` runs the worker's Procfile command, as on Heroku; anything else is a shell command. */
function procfileCommand(commands: Record<string, string>, command: string): string {
  const type = command.trim();
  return Object.hasOwn(commands, type) ? (commands[type] as string) : command;
}
