// A container's memory request from what its dynos were measured at (the metrics sampler's
// resident memory of the dyno's process tree, as `ps` shows it), with headroom, rounded to a
// coarse step: a sample that moves by a few MB must not change the exported bytes.
const MI = 1024 * 1024;
const STEP_MI = 64;
const HEADROOM = 1.25;

/** "128Mi", or null when no dyno of the type was measured. */
export function memoryRequest(measuredBytes: number | null): string | null {
  if (measuredBytes === null || measuredBytes <= 0) return null;
  const mi = Math.max(STEP_MI, Math.ceil((measuredBytes * HEADROOM) / MI / STEP_MI) * STEP_MI);
  return `${mi}Mi`;
}

/** The app's memory quota (Dynodesk's R14 line) as a limit, never below the request. */
export function memoryLimit(quotaMb: number, request: string | null): string {
  const requested = request === null ? 0 : Number(request.replace(/Mi$/, ''));
  return `${Math.max(quotaMb, requested)}Mi`;
}
