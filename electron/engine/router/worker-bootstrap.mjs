// Starts the TypeScript router worker when running from source under tsx's register() API, whose
// loader hooks (unlike a plain `--import`) are not inherited by worker threads.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
