// Redeploy on save: the app's `autodeploy` setting. Only a folder can be watched, so an app that is
// deployed with git push shows the toggle off and says why.
import { useState } from 'react';
import type { AppDTO } from '../../shared/types.js';
import { useServices } from '../state/context.js';

export function AutodeployToggle({ app }: { app: AppDTO }): React.JSX.Element {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const noFolder = app.path === null;

  async function toggle(on: boolean): Promise<void> {
    setBusy(true);
    setProblem(null);
    const res = await api['apps.settings']({ app: app.name, settings: { autodeploy: on } });
    setBusy(false);
    // The checkbox follows app.settings, which app.changed brings; only a refusal needs saying.
    if (!res.ok) setProblem(res.error.message);
  }

  return (
    <div className="autodeploy">
      <label className="row">
        <input type="checkbox" checked={app.settings.autodeploy} disabled={busy || noFolder} onChange={(e) => void toggle(e.target.checked)} />
        Redeploy on save (autodeploy)
      </label>
      <p className="muted">
        {noFolder
          ? 'This app is deployed with git push: it has no folder to watch.'
          : <>Watches <code>{app.path}</code> and deploys it once edits settle. node_modules, .git, virtualenvs and what .gitignore or .slugignore leave out are not watched. A build that fails leaves the running release serving.</>}
      </p>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
    </div>
  );
}
