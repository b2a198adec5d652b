// A server that had to move to another port (another program took the saved one): every app it is
// attached to gets its variable updated with a release, as config:set would make it. During engine
// start the release is only recorded, since the app's dynos start right after with the new value.
import { addRelease } from '../apps/registry.js';
import { configRelease } from '../commands/config.js';
import type { EngineCore } from '../engine-core.js';
import type { AddonRecord } from './addon-record.js';

export async function updateMovedAttachments(core: EngineCore, records: AddonRecord[], urlOf: (r: AddonRecord) => string, running: boolean): Promise<void> {
  const byApp = new Map<string, AddonRecord[]>();
  for (const r of records) byApp.set(r.app, [...(byApp.get(r.app) ?? []), r]);
  for (const [app, list] of byApp) {
    const rec = core.registry.find(app);
    if (!rec) continue;
    const vars = list.filter((r) => rec.config[r.configVar] !== undefined);
    if (vars.length === 0) continue;
    const description = `Update ${vars.map((r) => r.configVar).join(', ')}: ${vars.map((r) => r.name).join(', ')} moved to another port`;
    const apply = (config: Record<string, string>): void => {
      for (const r of vars) config[r.configVar] = urlOf(r);
    };
    if (running) {
      await configRelease(core, app, vars.map((r) => r.configVar), description, apply, 'addon');
    } else {
      await core.withAppLock(app, async () => {
        let version = 0;
        core.registry.update(app, (draft) => { apply(draft.config); version = addRelease(draft, description, 'addon'); });
        core.logs.add(app, 'dynodesk', 'api', `${description} (release v${version})`);
      });
    }
  }
}
