import { docPath, type TaskDefinitionRule } from '../context';
import type { Fix } from '../../types';
import { appendProperty, replaceValue } from '../edits';
import { asRecord, asString, fargateIndex } from '../model';

/** Fargate runs every task in its own network interface: `awsvpc` is the only mode it accepts. */
export const findFargateNetworkMode: TaskDefinitionRule = (ctx) => {
  const fargate = fargateIndex(ctx.file);
  const definition = asRecord(ctx.file);
  if (fargate < 0 || !definition) return [];
  const declared = asString(definition['networkMode']);
  // A non-string mode is the schema's to report.
  if (declared === 'awsvpc' || (declared === undefined && definition['networkMode'] !== undefined)) return [];
  if (declared !== undefined) {
    const span = ctx.span(['networkMode'], 'value');
    const fix: Fix = { title: 'Use "awsvpc"', edits: [replaceValue(span, '"awsvpc"')], preferred: true };
    return [
      {
        code: 'ecs/fargate-network-mode',
        severity: 'error',
        message: `Fargate requires "networkMode": "awsvpc", not "${declared}".`,
        span,
        fixes: [fix],
      },
    ];
  }
  const insert = appendProperty(ctx.doc, ctx.text, docPath(ctx, []), 'networkMode', '"awsvpc"');
  return [
    {
      code: 'ecs/fargate-network-mode',
      severity: 'error',
      message: 'Fargate requires "networkMode": "awsvpc"; without it the task definition uses "bridge", which Fargate rejects.',
      span: ctx.span(['requiresCompatibilities', fargate], 'value'),
      fixes: insert ? [{ title: 'Add "networkMode": "awsvpc"', edits: [insert], preferred: true }] : undefined,
    },
  ];
};
