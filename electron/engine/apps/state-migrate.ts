// state.json written by older engines, brought up to the current schema. Apps deployed before
// slugs existed keep running from their folders (BuildInfo.slug null) until their next deploy.

interface V1Release { version: number; description: string; createdAt: string }
interface V1App { releases?: V1Release[]; [key: string]: unknown }

export function migrateState(fromVersion: number, data: unknown): unknown {
  if (fromVersion !== 1) throw new Error(`unsupported schema version ${fromVersion}`);
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { apps?: unknown }).apps)) {
    throw new Error('schema 1 state without an apps list');
  }
  const apps = (data as { apps: V1App[] }).apps.map((app) => ({
    ...app,
    addonConfigKeys: [],
    releases: (app.releases ?? []).map((r) => ({
      version: r.version,
      description: r.description,
      createdAt: r.createdAt,
      // v1 wrote "Set X config vars" / "Remove X config vars" for config releases, anything else was a deploy.
      source: /^(Set|Remove) .* config vars$/.test(r.description) ? 'config' : 'folder',
      status: 'succeeded',
      // Built in the folder, with no slug to return to: not restorable.
      build: null,
      config: null,
      addonConfigKeys: [],
    })),
  }));
  return { ...data, apps };
}
