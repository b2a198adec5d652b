// The engine's side of local HTTPS: the CA it hands the router, its status, and installing it into
// (or removing it from) this machine's trust stores on the user's request.
import type { CertsStatus, TrustOutcome } from '../../../shared/certs.js';
import type { LocalCa } from './local-ca.js';
import { nssAdvice, planTrust, planUntrust, type PlannedStep, type TrustEnv } from './trust-plan.js';
import { detectTrustEnv, inStore, runSteps } from './trust-run.js';

/** The stores whose state `trusted` reports: the operating system's own, which most clients use. */
const SYSTEM_STORES = new Set(['Linux system store', 'macOS login keychain', 'Windows certificate store (current user, Trusted Root)']);

export class LocalCerts {
  /** one trust change at a time: two overlapping runs of update-ca-certificates would race */
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ca: LocalCa,
    private readonly tls: () => { port: number | null; problem: string | null },
    private readonly env: () => TrustEnv = detectTrustEnv,
  ) {}

  async status(): Promise<CertsStatus> {
    const env = this.env();
    const trustPlan = planTrust(this.ca, env);
    const stores = await Promise.all(trustPlan.map(async (s) => ({ store: s.store, trusted: await inStore(s, this.ca.certPem) })));
    const { port, problem } = this.tls();
    return {
      caCertPath: this.ca.certPath,
      trusted: stores.some((s) => SYSTEM_STORES.has(s.store) && s.trusted),
      tlsPort: port,
      tlsProblem: problem,
      stores,
      trustPlan: trustPlan.map(shown),
      untrustPlan: planUntrust(this.ca, env).map(shown),
    };
  }

  /** Advice that is not a step (a browser store we cannot reach), or null. */
  advice(): string | null {
    return nssAdvice(this.env());
  }

  trust(): Promise<TrustOutcome> {
    return this.change((env) => planTrust(this.ca, env));
  }

  untrust(): Promise<TrustOutcome> {
    return this.change((env) => planUntrust(this.ca, env));
  }

  private change(plan: (env: TrustEnv) => PlannedStep[]): Promise<TrustOutcome> {
    const run = this.busy.then(async () => {
      const steps = await runSteps(plan(this.env()));
      return { status: await this.status(), steps };
    });
    this.busy = run.catch(() => undefined);
    return run;
  }
}

function shown(s: PlannedStep): CertsStatus['trustPlan'][number] {
  return { store: s.store, action: s.action, command: s.command, manual: s.manual };
}
