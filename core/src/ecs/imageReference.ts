/**
 * Docker image references as `docker pull` reads them: `[registry[:port]/]path[:tag][@sha256:digest]`
 * (distribution/reference grammar), with ECS's own limits: 255 characters, and sha256 digests only.
 */

export interface ImageProblem {
  message: string;
  /** The part of the reference at fault. */
  start: number;
  length: number;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:localhost|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d+)?$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-fA-F]{64}$/;
const MAX_LENGTH = 255;

function problem(message: string, start: number, length: number): ImageProblem {
  return { message, start, length: Math.max(1, length) };
}

/** The registry part: the first component, when it has a "." or ":" or is "localhost" (Docker's own test). */
function isRegistry(component: string, more: boolean): boolean {
  return more && (/[.:]/.test(component) || component === 'localhost');
}

function checkPath(name: string): ImageProblem | undefined {
  const components = name.split('/');
  let offset = 0;
  for (const [i, component] of components.entries()) {
    const registry = i === 0 && isRegistry(component, components.length > 1);
    if (registry && !DOMAIN.test(component)) return problem(`"${component}" is not a valid registry host`, offset, component.length);
    if (!registry && !PATH_COMPONENT.test(component)) return componentProblem(component, offset);
    offset += component.length + 1;
  }
  return undefined;
}

function componentProblem(component: string, offset: number): ImageProblem {
  if (component === '') return problem('it has an empty path component (a doubled or trailing "/")', offset, 1);
  if (component.includes(':'))
    return problem('it has more than one ":tag"', offset + component.indexOf(':'), component.length - component.indexOf(':'));
  if (/[A-Z]/.test(component) && PATH_COMPONENT.test(component.toLowerCase())) {
    return problem(`repository names must be lowercase ("${component.toLowerCase()}")`, offset, component.length);
  }
  return problem(
    `"${component}" is not a valid repository name: use lowercase letters, digits, and ".", "_" or "-" between them`,
    offset,
    component.length,
  );
}

/** Splits `name[:tag]`: a ":" after the last "/" starts the tag (a ":" before it belongs to a registry port). */
function splitTag(reference: string): { name: string; tag?: string } {
  const colon = reference.lastIndexOf(':');
  if (colon < 0 || reference.indexOf('/', colon) >= 0) return { name: reference };
  return { name: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

/** Why `image` cannot be pulled as written, or undefined when it is well formed. */
export function imageReferenceProblem(image: string): ImageProblem | undefined {
  if (image.trim() === '') return problem('it is empty', 0, image.length);
  const space = image.search(/\s/);
  if (space >= 0) return problem('it contains whitespace', space, 1);
  const at = image.indexOf('@');
  const reference = at < 0 ? image : image.slice(0, at);
  if (at >= 0) {
    const digest = image.slice(at + 1);
    if (!DIGEST.test(digest))
      return problem('a digest reads "@sha256:" followed by 64 hexadecimal digits, the only kind ECS accepts', at, image.length - at);
  }
  if (reference.length > MAX_LENGTH) return problem(`it is longer than ${MAX_LENGTH} characters`, 0, reference.length);
  const { name, tag } = splitTag(reference);
  const pathProblem = checkPath(name);
  if (pathProblem) return pathProblem;
  if (tag !== undefined && !TAG.test(tag)) {
    return problem(
      `the tag "${tag}" may only hold letters, digits, "_", "." and "-" (not first), up to 128 characters`,
      name.length,
      tag.length + 1,
    );
  }
  return undefined;
}
