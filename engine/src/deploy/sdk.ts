// The AWS SDK, loaded when a call first needs it. It was half of the extension's bundle, and three
// quarters of the time the bundle took to load (production build, its `require`: ~540 ms with the SDK,
// ~140 without), which every VS Code window with a Compose project paid at start, deploy or not. So the
// SDK is a bundle of its own (dist/aws-sdk.js, built from awsSdk.ts; esbuild.mjs turns the `require`
// below into a require of that file), read from disk only when an AWS call is made. test/unit/architecture.test.ts keeps every
// other import of the SDK's code out of the project.
import type * as AwsSdk from './awsSdk';

let loaded: typeof AwsSdk | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- on purpose: see the top of this file
const awsSdk = (): typeof AwsSdk => (loaded ??= require('./awsSdk') as typeof AwsSdk);

/** One module of the SDK, loaded on the first read of any of its exports. */
function onFirstUse<K extends keyof typeof AwsSdk>(name: K): (typeof AwsSdk)[K] {
  return new Proxy({} as (typeof AwsSdk)[K], { get: (_, key) => Reflect.get(awsSdk()[name], key) });
}

export const ecs = onFirstUse('ecs');
export const ec2 = onFirstUse('ec2');
export const sts = onFirstUse('sts');
export const cloudWatchLogs = onFirstUse('cloudWatchLogs');
export const credentialProviders = onFirstUse('credentialProviders');
