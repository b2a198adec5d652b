// The latest release's rollout, when it needs saying: a failed one (its dynos crashed or timed out,
// so the previous release kept serving) and why, or one still rolling out while the old one serves.
import type { AppDTO } from '../../shared/types.js';

export function ReleaseBanner({ app }: { app: AppDTO }): React.JSX.Element | null {
  const s = app.releaseStatus;
  if (!s || s.version !== app.release) return null;
  if (s.status === 'failed') {
    return (
      <section className="release-banner release-failed" role="alert" aria-label={`Release v${s.version} failed`}>
        <strong>Release v{s.version} failed</strong>
        <span>{s.reason ?? 'its web dynos did not come up'}.</span>
        {s.serving !== null ? <span>Still serving v{s.serving}. Fix it and release again, or restart to retry.</span> : null}
      </section>
    );
  }
  if (s.status === 'pending' && s.serving !== null) {
    return (
      <p className="release-banner release-pending" role="status">
        Rolling out v{s.version}: v{s.serving} keeps serving until its replacements are up.
      </p>
    );
  }
  return null;
}
