// Wording that fits the app at hand: only a web process gets a URL, and hints name process types
// the app really has (a worker-only app told to `ps:scale web=1` is told to do something that fails).
import type { AppDTO } from '../../../shared/types.js';

/** The router only sends requests to web dynos: without a web process the URL leads nowhere. */
export function hasWebProcess(app: Pick<AppDTO, 'processTypes'>): boolean {
  return app.processTypes.includes('web');
}

/** The app's URL, or null when it has no web process to answer it. */
export function webUrl(app: Pick<AppDTO, 'processTypes' | 'url'>): string | null {
  return hasWebProcess(app) ? app.url : null;
}

export function noWebText(app: Pick<AppDTO, 'name' | 'processTypes'>): string {
  const types = app.processTypes.length > 0 ? `process types: ${app.processTypes.join(', ')}` : 'no process types';
  return `${app.name} has no web process (${types})`;
}

/** `dynodesk ps:scale worker=1`: web if the app has it, else its first process type; null if it has none. */
export function scaleExample(processTypes: readonly string[]): string | null {
  const type = processTypes.includes('web') ? 'web' : processTypes[0];
  return type === undefined ? null : `dynodesk ps:scale ${type}=1`;
}
