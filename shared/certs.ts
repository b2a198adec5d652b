// Local HTTPS: the certificate authority's status and what trusting it does, as the doors show it.

/** One thing `certs:trust` or `certs:untrust` does to one trust store. */
export interface TrustStep {
  /** which store: "Linux system store", "NSS database ~/.pki/nssdb (Chrome, Chromium)", … */
  store: string;
  /** what it does, in words */
  action: string;
  /** the command line(s), as a user would type them */
  command: string;
  /** needs rights the engine does not have (root): the user runs `command` themselves */
  manual: boolean;
}

export interface TrustStepResult extends TrustStep {
  outcome: 'done' | 'failed' | 'manual';
  /** why it failed (the tool's own words), or null */
  message: string | null;
}

export interface CertsStatus {
  /** the CA certificate (PEM), for importing by hand where no step covers it */
  caCertPath: string;
  /** the CA is in the operating system's trust store (macOS login keychain, Windows user Root store, Linux system store) */
  trusted: boolean;
  /** the router's HTTPS port, or null when HTTPS is off */
  tlsPort: number | null;
  /** why HTTPS is off (its port was taken), or null */
  tlsProblem: string | null;
  /** every store found on this machine and whether the CA is in it */
  stores: { store: string; trusted: boolean }[];
  /** what certs:trust would do now */
  trustPlan: TrustStep[];
  /** what certs:untrust would do now */
  untrustPlan: TrustStep[];
}

export interface TrustOutcome {
  status: CertsStatus;
  steps: TrustStepResult[];
}
