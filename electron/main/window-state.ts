// Remembered window size and position, stored in the data dir. Plain Node so it is testable;
// the factory feeds it the displays' work areas so a window saved on a monitor that has since
// been unplugged reopens somewhere visible.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect { x: number; y: number; width: number; height: number }

export interface WindowState {
  width: number;
  height: number;
  /** Absent on first run: let the OS centre the window. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1200, height: 800, maximized: false };
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;
const VERSION = 1;

function isFiniteInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 100_000;
}

/** Never throws: a missing or corrupt file means defaults. */
export function loadWindowState(file: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  if (r.version !== VERSION || !isFiniteInt(r.width) || !isFiniteInt(r.height)) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = {
    width: Math.max(MIN_WIDTH, Math.round(r.width)),
    height: Math.max(MIN_HEIGHT, Math.round(r.height)),
    maximized: r.maximized === true,
  };
  if (isFiniteInt(r.x) && isFiniteInt(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

/** Atomic write (temp + rename) so a crash mid-write never leaves a half file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: VERSION, ...state }) + '\n');
  renameSync(tmp, file);
}

/**
 * Keep the saved rectangle only if enough of it (its title bar area) is on some display;
 * otherwise drop the position and shrink to the primary work area.
 */
export function fitToWorkAreas(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const width = Math.min(state.width, primary.width);
  const height = Math.min(state.height, primary.height);
  if (state.x === undefined || state.y === undefined) return { ...state, width: Math.max(width, 1), height: Math.max(height, 1) };
  const titleBar: Rect = { x: state.x, y: state.y, width: state.width, height: 40 };
  const visible = workAreas.some((a) => overlap(titleBar, a) >= 40 * 40);
  if (visible) return state;
  return { width, height, maximized: state.maximized };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
