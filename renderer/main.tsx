import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installStyleNonce } from './csp-nonce.js';
import { connectApi } from './api/connect.js';
import { startStore } from './state/store.js';
import { startBuildRuns } from './state/build-runs.js';
import { notifyCrash } from './notify.js';
import { Root } from './views/Root.js';
import './styles.css';

installStyleNonce(document);
const conn = connectApi(window);
const handle = startStore(conn, (app, crash) => notifyCrash(conn.api.kind, app, crash));
const builds = startBuildRuns(conn.api);
const services = { api: conn.api, store: handle.store, history: handle.history, builds, refresh: handle.refresh };

const rootEl = document.getElementById('root');
if (rootEl) {
  createRoot(rootEl).render(
    <StrictMode>
      <Root services={services} />
    </StrictMode>,
  );
}
window.addEventListener('pagehide', () => { builds.stop(); handle.stop(); conn.close(); });
