// The only caller of shell.openExternal. Everything goes through the URL policy first.
import { shell } from 'electron';
import { isAllowedExternalUrl } from './url-policy.js';

export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  try {
    await shell.openExternal(url, { activate: true });
    return true;
  } catch {
    return false;
  }
}
