// Every app at a glance when none is selected: state, dynos per process type, address.
import type { AppDTO } from '../../shared/types.js';
import { APP_STATE_LABEL } from '../format.js';
import { openExternal } from '../open-external.js';

export function AppsOverview({ apps, onSelect }: { apps: AppDTO[]; onSelect(name: string): void }): React.JSX.Element {
  return (
    <section className="overview" aria-labelledby="overview-title">
      <h2 id="overview-title">Apps</h2>
      <table className="overview-table">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">State</th><th scope="col">Dynos</th><th scope="col">Formation</th><th scope="col">URL</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {apps.map((a) => (
            <tr key={a.name}>
              <th scope="row"><button type="button" className="link" onClick={() => onSelect(a.name)}>{a.name}</button></th>
              <td><span className={`state state-${a.state}`}>{APP_STATE_LABEL[a.state]}</span></td>
              <td>{a.dynoCount}</td>
              <td className="muted">{Object.entries(a.formation).map(([t, n]) => `${t}=${n}`).join(' ')}</td>
              {/* No web process: no URL to show or open. */}
              <td>{a.processTypes.includes('web') ? <code>{a.url}</code> : <span className="muted">no web process</span>}</td>
              <td>{a.processTypes.includes('web') ? <button type="button" aria-label={`Open ${a.name}`} onClick={() => openExternal(a.url)}>Open app</button> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Select an app for its dynos, terminals, logs, metrics and settings.</p>
    </section>
  );
}
