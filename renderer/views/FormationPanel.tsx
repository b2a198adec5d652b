// Scale sliders (one per process type) with a chip per running dyno beside each.
import type { AppDTO, DynoDTO } from '../../shared/types.js';
import { useEngine } from '../state/context.js';
import { ScaleSlider } from './ScaleSlider.js';
import { DynoChip } from './DynoChip.js';

const NO_DYNOS: DynoDTO[] = [];

function dynoOrder(a: DynoDTO, b: DynoDTO): number {
  const na = Number(a.name.split('.')[1] ?? 0);
  const nb = Number(b.name.split('.')[1] ?? 0);
  return a.type === b.type ? na - nb : a.type.localeCompare(b.type);
}

export function FormationPanel({ app, onOpenTerminal }: { app: AppDTO; onOpenTerminal(dyno: string): void }): React.JSX.Element {
  const dynos = useEngine((s) => s.dynos[app.name] ?? NO_DYNOS);
  const types = app.processTypes.length > 0 ? app.processTypes : Object.keys(app.formation);
  const oneOffs = dynos.filter((d) => d.oneOff).sort(dynoOrder);

  if (types.length === 0) return <p className="muted">This release has no process types.</p>;
  return (
    <div className="formation">
      {types.map((type) => {
        const own = dynos.filter((d) => d.type === type && !d.oneOff).sort(dynoOrder);
        return (
          <div key={type} className="ptype">
            <div className="ptype-head">
              <h3>{type}</h3>
              <code className="muted command" title={app.commands[type]}>{app.commands[type] ?? ''}</code>
            </div>
            <ScaleSlider app={app.name} type={type} count={app.formation[type] ?? 0} />
            <ul className="chips" aria-label={`${type} dynos list`}>
              {own.map((d) => <li key={d.name}><DynoChip app={app.name} dyno={d} onOpenTerminal={onOpenTerminal} /></li>)}
            </ul>
          </div>
        );
      })}
      {oneOffs.length > 0 ? (
        <div className="ptype">
          <div className="ptype-head"><h3>one-off</h3></div>
          <ul className="chips" aria-label="one-off dynos list">
            {oneOffs.map((d) => <li key={d.name}><DynoChip app={app.name} dyno={d} onOpenTerminal={onOpenTerminal} /></li>)}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
