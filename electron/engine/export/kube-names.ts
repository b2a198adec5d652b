// Kubernetes names and labels for an app's objects. Process types may hold capitals and
// underscores (Procfile rules); object names may not (RFC 1123 labels).
import { UserError } from '../errors.js';
import type { ExportModel } from './model.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** <app>-<part>, checked: a name Kubernetes would refuse fails the export, naming it. */
export function objectName(app: string, part: string): string {
  const name = `${app}-${part.toLowerCase().replace(/_/g, '-')}`;
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    throw new UserError(`Cannot export "${part}" to Kubernetes: ${name} is not a valid object name (lowercase letters, digits and dashes, at most 63 characters)`, 'invalid');
  }
  return name;
}

/** Process types that differ only in case or _ vs - would collide once lowercased. */
export function assertDistinctNames(model: ExportModel): void {
  const seen = new Map<string, string>();
  for (const p of model.processes) {
    const name = objectName(model.app, p.type);
    const other = seen.get(name);
    if (other !== undefined) throw new UserError(`Cannot export to Kubernetes: process types ${other} and ${p.type} would both be named ${name}`, 'invalid');
    seen.set(name, p.type);
  }
}

export function hostProblem(host: string): string | null {
  if (host.length <= 253 && DNS_NAME.test(host)) return null;
  return `--host ${JSON.stringify(host)} is not a host name (lowercase letters, digits, dashes and dots, e.g. shop.example.com)`;
}

export function labels(app: string, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/component': component };
}

/**
 * What must exist before the release Job runs (the Secrets, the add-ons) and the Job itself carry
 * this label, so plain kubectl can apply them first: `kubectl apply -k . -l dynodesk.export/phase=release`.
 */
export const RELEASE_PHASE_LABEL: Readonly<Record<string, string>> = { 'dynodesk.export/phase': 'release' };

/** kubelet expands $(VAR) in commands and reduces $$ to $: doubling every $ hands the line to the shell unchanged. */
export function kubeShell(command: string): string[] {
  return ['/bin/sh', '-c', command.replace(/\$/g, '$$$$')];
}
