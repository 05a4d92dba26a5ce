import type { TaskDefinitionRule } from '../context';
import type { Finding } from '../../types';
import { removeProperties } from '../edits';
import { asRecord } from '../model';

/** Members of `TaskDefinition` that `RegisterTaskDefinition` does not take: ECS sets them itself. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
];

/**
 * Saved `describe-task-definition` output, unwrapped and edited, still carries what ECS filled in.
 * The schema accepts those fields (so they are not typos), but the register call rejects them as
 * unknown parameters: one hint each, and one fix that removes them all.
 */
export const findReadOnlyFields: TaskDefinitionRule = (ctx) => {
  const definition = asRecord(ctx.file);
  // In describe output these fields are simply what ECS returned.
  if (!definition || ctx.kind === 'describe') return [];
  const present = READ_ONLY_FIELDS.filter((field) => field in definition);
  if (present.length === 0) return [];
  const edits = removeProperties(
    ctx.doc,
    ctx.text,
    present.map((field) => [field]),
  );
  return present.map((field): Finding => ({
    code: 'ecs/read-only-field',
    severity: 'hint',
    message: `"${field}" is set by ECS and read-only: "register-task-definition" rejects it. Remove it before registering.`,
    span: ctx.span([field], 'key'),
    tags: ['unnecessary'],
    fixes: [{ title: 'Remove all read-only fields', edits, preferred: true }],
  }));
};
