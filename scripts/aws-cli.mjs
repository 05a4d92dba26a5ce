#!/usr/bin/env node
// The AWS CLI the local ECS endpoint's tests drive: Debian's `awscli` package (/usr/bin/aws), installed
// with apt when missing (needs root). Another `aws` on PATH (a pip or pyenv install) is left alone: the
// tests use Debian's by its path, so what they drive is known.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './system.mjs';

export const AWS_CLI = '/usr/bin/aws';

export function ensureAwsCli(log = (m) => console.log(`[aws] ${m}`)) {
  if (!existsSync(AWS_CLI)) aptInstall(['awscli'], log, { why: 'for the ECS endpoint tests' });
  return AWS_CLI;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(`[aws] ${ensureAwsCli()}`);
  } catch (error) {
    console.error(`[aws] ${error.message}`);
    process.exit(1);
  }
}
