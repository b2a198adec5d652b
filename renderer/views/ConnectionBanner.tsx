import { useEngine } from '../state/context.js';

/** Says why nothing works when the engine is unreachable or refused this page's token. */
export function ConnectionBanner(): React.JSX.Element | null {
  const connection = useEngine((s) => s.connection);
  if (connection === 'open') return null;
  const text = connection === 'unauthorized'
    ? 'This page is not authorized. Open the dashboard link printed by `dynodesk serve` (it carries a one-time token).'
    : connection === 'connecting' ? 'Connecting to the Dynodesk engine…' : 'Lost the connection to the Dynodesk engine; retrying…';
  return <p className={`banner banner-${connection}`} role={connection === 'connecting' ? 'status' : 'alert'}>{text}</p>;
}
