/** Variable names that usually hold a credential, shared by the Compose and the task-definition rules. */

// "_KEY" only at the end, so "KEYCLOAK_URL" stays quiet.
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|_KEY$/i;
// Names that point at a credential rather than hold it.
const REFERENCE_NAME = /_(ARN|FILE|PATH|NAME|ID|URL|URI|ENDPOINT|REGION|HEADER)$/i;

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !REFERENCE_NAME.test(name);
}
