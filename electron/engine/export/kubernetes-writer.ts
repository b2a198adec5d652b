// The Kubernetes target: one object per file, tied together by kustomization.yaml, which also
// generates the Secrets from the env files (so no secret is ever written into a manifest).
import type { ExportFile } from '../../../shared/export.js';
import { addonServerEnv, addonUrlAt } from './addon-specs.js';
import { imageFiles } from './dockerfile.js';
import { envFileText, fitsKubeEnvLine, kubeEnvLine } from './env-file.js';
import { hashHeader, headerLines } from './header.js';
import { addonHost, addonSecretName, addonService, addonStatefulSet } from './kube-addon-objects.js';
import { configSecretName, deployment, releaseJob, webIngress, webService } from './kube-app-objects.js';
import { assertDistinctNames, objectName, RELEASE_PHASE_LABEL } from './kube-names.js';
import type { ExportModel } from './model.js';
import { compareText } from './order.js';
import type { Placement } from './placement.js';
import { kubernetesReadme } from './readme.js';
import { yamlText } from './yaml-text.js';

export interface KubernetesOptions {
  /** The Ingress host; default <app>.example.com. */
  host: string | null;
  /** Add-ons are managed elsewhere: no StatefulSets, their URLs left for the user to fill in. */
  externalAddons: boolean;
}

export function kubernetesFiles(model: ExportModel, where: Placement, opts: KubernetesOptions): ExportFile[] {
  assertDistinctNames(model);
  const header = hashHeader(model);
  const manifests: { path: string; object: unknown }[] = [];
  for (const p of model.processes) manifests.push({ path: `deployment-${objectName(model.app, p.type).slice(model.app.length + 1)}.yaml`, object: deployment(model, p) });
  const web = model.processes.some((p) => p.type === 'web');
  const host = web ? opts.host ?? `${model.app}.example.com` : null;
  if (web && host !== null) {
    manifests.push({ path: 'service-web.yaml', object: webService(model) });
    manifests.push({ path: 'ingress-web.yaml', object: webIngress(model, host) });
  }
  if (model.releaseCommand !== null) manifests.push({ path: 'job-release.yaml', object: releaseJob(model, model.releaseCommand) });
  const inCluster = opts.externalAddons ? [] : model.addons;
  for (const a of inCluster) {
    manifests.push({ path: `${a.serviceName}-statefulset.yaml`, object: addonStatefulSet(model, a) });
    manifests.push({ path: `${a.serviceName}-service.yaml`, object: addonService(model, a) });
  }
  manifests.sort((a, b) => compareText(a.path, b.path));

  // Values a one-line env file cannot carry byte for byte get a file each (secretGenerator files:).
  const config = appVars(model, opts.externalAddons);
  const oneLine: Record<string, string> = {};
  const ownFile: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.vars)) (fitsKubeEnvLine(value) ? oneLine : ownFile)[key] = value;
  const addonLines: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.addonVars)) (fitsKubeEnvLine(value) ? addonLines : ownFile)[key] = value;

  const options = { labels: { 'app.kubernetes.io/name': model.app, ...RELEASE_PHASE_LABEL } };
  const secretGenerator = [
    {
      name: configSecretName(model),
      envs: ['app.env'],
      ...(Object.keys(ownFile).length > 0 ? { files: Object.keys(ownFile).sort(compareText).map((k) => `${k}=secrets/${k}`) } : {}),
      options,
    },
    ...inCluster.map((a) => ({ name: addonSecretName(model, a), envs: [`${a.serviceName}.env`], options })),
  ];
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: manifests.map((m) => m.path),
    images: [{ name: model.app, newName: `registry.example.com/${model.app}`, newTag: `v${model.release}` }],
    secretGenerator,
  };

  return [
    { path: 'kustomization.yaml', content: yamlText(header, kustomization), secret: false },
    ...manifests.map((m) => ({ path: m.path, content: yamlText(header, m.object), secret: false })),
    { path: 'app.env', content: appEnv(model, oneLine, addonLines, opts.externalAddons), secret: true },
    ...Object.keys(ownFile).sort(compareText).map((k) => ({ path: `secrets/${k}`, content: ownFile[k] as string, secret: true })),
    ...inCluster.map((a) => ({
      path: `${a.serviceName}.env`,
      content: envFileText([...headerLines(model), `The ${a.serviceName} server's settings (add-on ${a.addonName}). SECRETS: keep out of version control.`], [{ comment: [], vars: addonServerEnv(a) }], kubeEnvLine),
      secret: true,
    })),
    ...imageFiles(model, where),
    { path: 'README.txt', content: kubernetesReadme(model, host, opts.externalAddons && model.addons.length > 0), secret: false },
  ].sort((a, b) => compareText(a.path, b.path));
}

function appVars(model: ExportModel, external: boolean): { vars: Record<string, string>; addonVars: Record<string, string> } {
  const addonVars: Record<string, string> = {};
  // External: the keys stay, empty, for the user to fill in with the managed service's URL.
  for (const a of model.addons) addonVars[a.configVar] = external ? '' : addonUrlAt(a, addonHost(model, a));
  return { vars: model.config, addonVars };
}

function appEnv(model: ExportModel, vars: Record<string, string>, addonVars: Record<string, string>, external: boolean): string {
  const sections = [{ comment: ['Config vars (app.json defaults, then `dynodesk config`)'], vars }];
  if (Object.keys(addonVars).length > 0) {
    sections.push({
      comment: external
        ? ['Add-ons: FILL IN the URL of each managed service (postgres://user:password@host:5432/db, redis://:password@host:6379)']
        : ['Add-ons: the same credentials as here, on the in-cluster services'],
      vars: addonVars,
    });
  }
  return envFileText([...headerLines(model), 'The app\'s config vars, generated into a Secret by kustomization.yaml. SECRETS: keep out of version control.'], sections, kubeEnvLine);
}
