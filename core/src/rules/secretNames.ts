/** Variables that usually hold a credential, shared by the Compose and the task-definition rules. */

// "_KEY" only at the end, so "KEYCLOAK_URL" stays quiet.
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|_KEY$/i;
// Names that point at a credential rather than hold it.
const REFERENCE_NAME = /_(ARN|FILE|PATH|NAME|ID|URL|URI|ENDPOINT|REGION|HEADER)$/i;
// An access key's ID (AWS_ACCESS_KEY, AWS_ACCESS_KEY_ID) names the key, like a user name; its secret
// (AWS_SECRET_ACCESS_KEY) is the credential.
const IDENTIFIER_NAME = /ACCESS_KEY(_ID)?$/i;
// A switch, not a password: MYSQL_ALLOW_EMPTY_PASSWORD=yes, MYSQL_RANDOM_ROOT_PASSWORD=1.
const FLAG_VALUE = /^(true|false|yes|no|on|off|y|n|0|1)$/i;

export function looksLikeSecretName(name: string): boolean {
  if (!SECRET_NAME.test(name) || REFERENCE_NAME.test(name)) return false;
  return !IDENTIFIER_NAME.test(name) || /SECRET/i.test(name);
}

/** A variable whose name says credential and whose value is not a mere on/off switch. */
export function looksLikeSecret(name: string, value: unknown): boolean {
  if (!looksLikeSecretName(name) || value === null || value === undefined || typeof value === 'boolean') return false;
  const text = String(value).trim();
  return text !== '' && !FLAG_VALUE.test(text);
}
