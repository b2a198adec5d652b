// Add-ons inside the cluster: a StatefulSet on the official image with a volume claim, and a
// Service the app reaches it by. The password comes from a generated Secret (<service>.env).
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Container, Service } from 'kubernetes-types/core/v1.js';
import { POSTGRES_IMAGE, REDIS_IMAGE } from './addon-specs.js';
import { labels, objectName, RELEASE_PHASE_LABEL } from './kube-names.js';
import type { AddonSpec, ExportModel } from './model.js';

export function addonHost(model: ExportModel, a: AddonSpec): string {
  return objectName(model.app, a.serviceName);
}

export function addonSecretName(model: ExportModel, a: AddonSpec): string {
  return objectName(model.app, a.serviceName);
}

function port(a: AddonSpec): number {
  return a.kind === 'postgres' ? 5432 : 6379;
}

function serverContainer(model: ExportModel, a: AddonSpec): Container {
  const envFrom = [{ secretRef: { name: addonSecretName(model, a) } }];
  if (a.kind === 'postgres') {
    return {
      name: 'postgres',
      image: POSTGRES_IMAGE,
      envFrom,
      // A fresh volume's root holds lost+found, which initdb refuses: the cluster lives one level down.
      env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }],
      ports: [{ name: 'postgres', containerPort: port(a) }],
      readinessProbe: { exec: { command: ['/bin/sh', '-c', 'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB"'] }, periodSeconds: 5 },
      volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
    };
  }
  return {
    name: 'redis',
    image: REDIS_IMAGE,
    // The password reaches the server from the Secret at start, not from this file.
    command: ['/bin/sh', '-c', 'exec redis-server --appendonly yes --requirepass "$REDIS_PASSWORD"'],
    envFrom,
    ports: [{ name: 'redis', containerPort: port(a) }],
    readinessProbe: { exec: { command: ['/bin/sh', '-c', 'redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'] }, periodSeconds: 5 },
    volumeMounts: [{ name: 'data', mountPath: '/data' }],
  };
}

export function addonStatefulSet(model: ExportModel, a: AddonSpec): StatefulSet {
  const name = objectName(model.app, a.serviceName);
  const selector = labels(model.app, a.serviceName);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, labels: { ...selector, ...RELEASE_PHASE_LABEL }, annotations: { 'dynodesk.export/addon': `${a.addonName} (${a.configVar})` } },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [serverContainer(model, a)] } },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }],
    },
  };
}

export function addonService(model: ExportModel, a: AddonSpec): Service {
  const name = objectName(model.app, a.serviceName);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { ...labels(model.app, a.serviceName), ...RELEASE_PHASE_LABEL } },
    spec: { selector: labels(model.app, a.serviceName), ports: [{ name: a.kind, port: port(a), targetPort: a.kind }] },
  };
}
