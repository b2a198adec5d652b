// The app's own objects: a Deployment per process type, the web Service and Ingress, the release Job.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, Service } from 'kubernetes-types/core/v1.js';
import type { Ingress } from 'kubernetes-types/networking/v1.js';
import { kubeShell, labels, objectName, RELEASE_PHASE_LABEL } from './kube-names.js';
import { memoryLimit, memoryRequest } from './memory.js';
import { CONTAINER_PORT, type ExportModel, type ProcessSpec } from './model.js';

/** The Secret kustomize generates from app.env (its name gets a content hash, so a config change rolls the pods). */
export function configSecretName(model: ExportModel): string {
  return `${model.app}-config`;
}

function releaseAnnotation(model: ExportModel): Record<string, string> {
  // A new release changes the pod template, so its pods roll, as a Heroku release restarts every dyno.
  return { 'dynodesk.export/release': `v${model.release}` };
}

function container(model: ExportModel, name: string, command: string | null): Container {
  return {
    name,
    // kustomization.yaml's images: entry maps this name to the registry the user pushes to.
    image: model.app,
    ...(command === null ? {} : { command: kubeShell(command) }),
    envFrom: [{ secretRef: { name: configSecretName(model) } }],
  };
}

export function deployment(model: ExportModel, p: ProcessSpec): Deployment {
  const name = objectName(model.app, p.type);
  const selector = labels(model.app, p.type);
  const request = memoryRequest(p.measuredMemoryBytes);
  const web = p.type === 'web';
  const base = container(model, p.type.toLowerCase().replace(/_/g, '-'), p.command);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: selector },
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector, annotations: releaseAnnotation(model) },
        spec: {
          containers: [{
            ...base,
            ...(web ? {
              env: [{ name: 'PORT', value: String(CONTAINER_PORT) }],
              ports: [{ name: 'http', containerPort: CONTAINER_PORT }],
              // Up = accepting on $PORT: Dynodesk's (and Heroku's) boot check.
              readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5, failureThreshold: 3 },
            } : {}),
            resources: {
              ...(request === null ? {} : { requests: { memory: request } }),
              limits: { memory: memoryLimit(model.memoryQuotaMb, request) },
            },
          }],
          // Heroku's grace between SIGTERM and SIGKILL.
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  };
}

export function webService(model: ExportModel): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: objectName(model.app, 'web'), labels: labels(model.app, 'web') },
    spec: { selector: labels(model.app, 'web'), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function webIngress(model: ExportModel, host: string): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: objectName(model.app, 'web'), labels: labels(model.app, 'web') },
    spec: {
      rules: [{
        host,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: objectName(model.app, 'web'), port: { name: 'http' } } } }] },
      }],
    },
  };
}

/**
 * Heroku's release phase: once per release, before the new pods. Named after the release (a Job's
 * template cannot change); the hook annotations make Argo CD and Helm run it before the rest.
 */
export function releaseJob(model: ExportModel, command: string): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: objectName(model.app, `release-v${model.release}`),
      labels: { ...labels(model.app, 'release'), ...RELEASE_PHASE_LABEL },
      annotations: {
        'argocd.argoproj.io/hook': 'PreSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        'helm.sh/hook': 'pre-install,pre-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation',
      },
    },
    spec: {
      // A failed release command fails the release, as on Heroku: no retries.
      backoffLimit: 0,
      template: {
        metadata: { labels: labels(model.app, 'release'), annotations: releaseAnnotation(model) },
        spec: {
          restartPolicy: 'Never',
          containers: [{ ...container(model, 'release', command), resources: { limits: { memory: memoryLimit(model.memoryQuotaMb, null) } } }],
        },
      },
    },
  };
}
