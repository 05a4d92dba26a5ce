// The commands that talk to the Docker Engine. The bundle keeps them in a file of their own
// (dist/cli-engine.js, see esbuild.mjs), loaded only when one of them runs: `validate` and `convert`
// never load the engine's code or dockerode.
export { runComposeCli } from './compose';
export { runEcsCli } from './ecs';
export { runSwarmCli } from './swarm';
