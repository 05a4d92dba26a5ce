// The AWS SDK modules Dockside uses, gathered into a bundle of their own (dist/aws-sdk.js, see
// esbuild.mjs), which sdk.ts loads on first use. Only this file imports the SDK's code.
export * as cloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
export * as ec2 from '@aws-sdk/client-ec2';
export * as ecs from '@aws-sdk/client-ecs';
export * as sts from '@aws-sdk/client-sts';
export * as credentialProviders from '@aws-sdk/credential-providers';
