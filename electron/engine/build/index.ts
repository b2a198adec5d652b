// Detection and buildpacks: the API the engine calls.
export { detect } from './detect.js';
export { build } from './build.js';
export { runReleaseCommand, type ReleaseCommandOptions } from './release.js';
export { staticServerCommand, staticServerScript } from './static-command.js';
export { parseProcfile, type ParsedProcfile } from './procfile.js';
export { parseAppJson, type ParsedAppJson } from './app-json.js';
export { parseDotenv } from './dotenv.js';
export { findExecutable, missingToolMessage } from './find-executable.js';
export type { AppJsonEnvSpec, BuildContext, BuildPlan, BuildResult, BuildpackKind } from './types.js';
