// The Releases tab: how the app gets deployed (autodeploy, the git remote), the running build's
// output, its releases with Roll back, and what its slugs and build cache take on disk.
import { useEffect, useState } from 'react';
import type { AppDTO, AppInfoDTO, ReleaseDTO } from '../../shared/types.js';
import { servingRelease } from '../format.js';
import { useBuildRun, useServices } from '../state/context.js';
import { AutodeployToggle } from './AutodeployToggle.js';
import { BuildCache } from './BuildCache.js';
import { BuildOutput } from './BuildOutput.js';
import { GitRemote } from './GitRemote.js';
import { ReleaseList } from './ReleaseList.js';

type Storage = Pick<AppInfoDTO, 'slugBytes' | 'cacheBytes' | 'gitRemote'>;

export function ReleasesPanel({ app }: { app: AppDTO }): React.JSX.Element {
  const { api } = useServices();
  const run = useBuildRun(app.name);
  const [releases, setReleases] = useState<ReleaseDTO[] | null>(null);
  const [storage, setStorage] = useState<Storage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  // Read again whenever something that changes the list happened: a release, its rollout, a build ending.
  const changeKey = `${app.release}:${app.releaseStatus?.status ?? ''}:${run?.deployId ?? ''}:${run?.status ?? ''}:${reloads}`;

  useEffect(() => {
    let live = true;
    void Promise.all([api['releases.list']({ app: app.name }), api['apps.info']({ app: app.name })]).then(([list, info]) => {
      if (!live) return;
      if (list.ok) setReleases(list.value);
      else setProblem(list.error.message);
      if (info.ok) setStorage({ slugBytes: info.value.slugBytes, cacheBytes: info.value.cacheBytes, gitRemote: info.value.gitRemote });
    });
    return () => { live = false; };
  }, [api, app.name, changeKey]);

  async function rollBack(version: number): Promise<void> {
    setProblem(null);
    setNotice(null);
    const res = await api['releases.rollback']({ app: app.name, version });
    if (res.ok) setNotice(`Rolled back to v${version} as v${res.value.release}${res.value.warning ? `, but ${res.value.warning}` : ''}.`);
    else setProblem(`Roll back to v${version} failed: ${res.error.message}`);
    setReloads((n) => n + 1);
  }

  return (
    <div className="settings releases-panel">
      <section className="card" aria-labelledby="deploys-title">
        <h3 id="deploys-title">Deploys</h3>
        <AutodeployToggle app={app} />
        <GitRemote remote={storage?.gitRemote ?? null} />
      </section>
      <section className="card" aria-labelledby="build-title">
        <h3 id="build-title">Build output</h3>
        <BuildOutput run={run} serving={servingRelease(app)} />
      </section>
      <section className="card" aria-labelledby="releases-title">
        <h3 id="releases-title">Releases</h3>
        {notice ? <p role="status">{notice}</p> : null}
        {problem ? <p className="error" role="alert">{problem}</p> : null}
        {releases ? <ReleaseList releases={releases} onRollback={rollBack} /> : <p className="muted" role="status">Loading releases…</p>}
      </section>
      <section className="card" aria-labelledby="storage-title">
        <h3 id="storage-title">Slugs and build cache</h3>
        {storage ? <BuildCache app={app.name} slugBytes={storage.slugBytes} cacheBytes={storage.cacheBytes} onPurged={() => setReloads((n) => n + 1)} /> : null}
      </section>
    </div>
  );
}
