// A live scale slider: moves at once under the hand, tells the engine after the hand rests (debounced),
// then shows what the engine actually did (it may cap).
import { useEffect, useRef, useState } from 'react';
import { SLIDER_MAX } from '../../shared/defaults.js';
import { useServices } from '../state/context.js';

const DEBOUNCE_MS = 250;

export function ScaleSlider({ app, type, count }: { app: string; type: string; count: number }): React.JSX.Element {
  const { api } = useServices();
  const [value, setValue] = useState(count);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(0);

  // Follow the engine unless the user is mid-change.
  useEffect(() => {
    if (timer.current === null && inFlight.current === 0) setValue(count);
  }, [count]);
  useEffect(() => () => { if (timer.current !== null) clearTimeout(timer.current); }, []);

  function change(n: number): void {
    setValue(n);
    setPending(true);
    setError(null);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      inFlight.current++;
      void api['ps.scale']({ app, formation: { [type]: n } }).then((res) => {
        inFlight.current--;
        if (timer.current !== null || inFlight.current > 0) return; // a newer change is on its way
        setPending(false);
        if (res.ok) setValue(res.value[type] ?? n);
        else { setError(res.error.message); setValue(count); }
      });
    }, DEBOUNCE_MS);
  }

  const id = `scale-${app}-${type}`;
  return (
    <div className="slider-row">
      <input
        id={id}
        type="range"
        min={0}
        max={SLIDER_MAX}
        step={1}
        value={value}
        aria-label={`${type} dynos`}
        aria-valuetext={`${value} ${type} ${value === 1 ? 'dyno' : 'dynos'}`}
        onChange={(e) => change(Number(e.target.value))}
      />
      <output htmlFor={id} className="slider-value" aria-live="polite">{value}</output>
      {pending ? <span className="muted">scaling…</span> : null}
      {error ? <span className="error" role="alert">{error}</span> : null}
    </div>
  );
}
