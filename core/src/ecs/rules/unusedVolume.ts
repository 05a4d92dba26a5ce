import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { isTemplated, mountedVolumes, volumesOf } from '../model';

/** Declared volumes that no container mounts: usually left over, sometimes a typo in a mount point. */
export const findUnusedVolumes: TaskDefinitionRule = (ctx) => {
  const used = new Set(mountedVolumes(ctx.file).map((ref) => ref.name));
  // A mount point a deployment tool fills in may well name any of them.
  if ([...used].some(isTemplated)) return [];
  return volumesOf(ctx.file)
    .filter((volume) => volume.name !== undefined && !used.has(volume.name))
    .map((volume): Finding => ({
      code: 'ecs/unused-volume',
      severity: 'hint',
      message: `The volume "${volume.name}" is declared but no container mounts it.`,
      span: ctx.span([...volume.path, 'name'], 'value'),
      tags: ['unnecessary'],
    }));
};
