// Types for cli-freshness.mjs (bench/cli.bench.ts times it).
export declare function cliBundleState(root: string, outdir: string): 'fresh' | 'stale' | 'missing';
