// The env files hold every secret of the app: the export keeps them out of git from the start.
import { hashHeader } from './header.js';
import type { ExportModel } from './model.js';

export function gitignoreText(model: ExportModel): string {
  return `${hashHeader(model)}# Config vars and database passwords: never commit them.\n*.env\nsecrets/\n`;
}
