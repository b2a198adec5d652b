// The window background follows the OS theme so there is no white flash before the renderer
// paints (the renderer itself follows prefers-color-scheme, which Electron maps to nativeTheme).
import { nativeTheme } from 'electron';

export const DARK_BACKGROUND = '#17181c';
export const LIGHT_BACKGROUND = '#f6f7f9';

export function themeBackground(): string {
  return nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND;
}

/** Calls `apply` with the new background whenever the OS theme changes; returns the unsubscribe. */
export function onThemeBackground(apply: (color: string) => void): () => void {
  const listener = (): void => apply(themeBackground());
  nativeTheme.on('updated', listener);
  return () => {
    nativeTheme.removeListener('updated', listener);
  };
}
