// Heroku-style app features (`dynodesk features:enable NAME`): each is a boolean app setting under a
// Heroku name. One list, read by the engine (which setting a name turns on), the CLI and the UI.
import type { AppSettings } from './types.js';

export const APP_FEATURE_NAMES = ['http-session-affinity'] as const;
export type AppFeatureName = (typeof APP_FEATURE_NAMES)[number];

/** App settings that are features (booleans only). */
type FeatureSetting = { [K in keyof AppSettings]: AppSettings[K] extends boolean ? K : never }[keyof AppSettings];

export interface AppFeature {
  readonly setting: FeatureSetting;
  readonly description: string;
}

export const APP_FEATURES: Readonly<Record<AppFeatureName, AppFeature>> = {
  'http-session-affinity': {
    setting: 'httpSessionAffinity',
    description: 'Route each client back to the same web dyno (router cookie), falling back to balancing when it is gone',
  },
};

/** One feature of one app, as `features --json` lists it. */
export interface AppFeatureDTO {
  name: AppFeatureName;
  description: string;
  enabled: boolean;
}

export function appFeatures(settings: AppSettings): AppFeatureDTO[] {
  return APP_FEATURE_NAMES.map((name) => ({ name, description: APP_FEATURES[name].description, enabled: settings[APP_FEATURES[name].setting] }));
}
