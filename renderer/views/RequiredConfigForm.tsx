// The config vars app.json requires, asked for before the app's first release (as Heroku's deploy
// button does). The engine names them when it refuses a deploy; the values become config vars.
import { useState } from 'react';
import type { RequiredConfigVar } from '../../shared/types.js';

export interface RequiredConfigFormProps {
  vars: RequiredConfigVar[];
  /** Values given on an earlier attempt, shown again. */
  initial: Record<string, string>;
  busy: boolean;
  onSubmit(values: Record<string, string>): void;
}

export function RequiredConfigForm({ vars, initial, busy, onSubmit }: RequiredConfigFormProps): React.JSX.Element {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(vars.map((v) => [v.name, initial[v.name] ?? ''])));
  return (
    <form
      className="required-config"
      aria-labelledby="required-config-title"
      onSubmit={(e) => { e.preventDefault(); if (!busy) onSubmit(values); }}
    >
      <h3 id="required-config-title">Config vars this app needs</h3>
      <p className="muted">Its app.json asks for {vars.length === 1 ? 'this value' : 'these values'} before it can run. They are saved as the app&apos;s config vars.</p>
      {vars.map((v) => (
        <div className="required-var" key={v.name}>
          <label htmlFor={`required-${v.name}`}><code>{v.name}</code></label>
          <input
            id={`required-${v.name}`}
            type="text"
            required
            spellCheck={false}
            autoComplete="off"
            value={values[v.name] ?? ''}
            aria-describedby={v.description ? `required-${v.name}-description` : undefined}
            onChange={(e) => { const value = e.target.value; setValues((vs) => ({ ...vs, [v.name]: value })); }}
          />
          {v.description ? <p className="muted" id={`required-${v.name}-description`}>{v.description}</p> : null}
        </div>
      ))}
      <button type="submit" disabled={busy}>Deploy with these</button>
    </form>
  );
}
