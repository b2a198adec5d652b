import type { AppDTO } from '../../shared/types.js';
import { APP_STATE_LABEL } from '../format.js';

export interface AppListProps {
  apps: AppDTO[];
  selected: string | null;
  onSelect(name: string): void;
}

export function AppList({ apps, selected, onSelect }: AppListProps): React.JSX.Element {
  if (apps.length === 0) return <p className="muted">No apps yet.</p>;
  return (
    <ul className="app-list">
      {apps.map((a) => (
        <li key={a.name}>
          <button
            type="button"
            className={`app-item${a.name === selected ? ' selected' : ''}`}
            aria-current={a.name === selected ? 'page' : undefined}
            aria-label={`${a.name}: ${APP_STATE_LABEL[a.state]}, ${a.dynoCount} ${a.dynoCount === 1 ? 'dyno' : 'dynos'}`}
            onClick={() => onSelect(a.name)}
          >
            <span className="app-name">{a.name}</span>
            <span className={`state state-${a.state}`}>{APP_STATE_LABEL[a.state]}</span>
            <span className="app-meta">{a.dynoCount} {a.dynoCount === 1 ? 'dyno' : 'dynos'}</span>
            <span className="app-url">{a.processTypes.includes('web') ? a.url : 'no web process'}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
