// STS GetCallerIdentity, so tools that first ask who they are keep going: the local account
// `000000000000`, with the caller's own access key id. STS speaks the AWS query protocol (a form in, XML
// out); newer SDKs may also use JSON with `X-Amz-Target`, answered in kind.
import { LOCAL_ACCOUNT } from '../arn';
import { escapeXml, type Caller } from './protocol';

export function callerIdentity(caller: Caller): { UserId: string; Account: string; Arn: string } {
  return { UserId: caller.accessKeyId ?? 'AIDALOCALDOCKSIDE', Account: LOCAL_ACCOUNT, Arn: `arn:aws:iam::${LOCAL_ACCOUNT}:root` };
}

export function callerIdentityXml(caller: Caller, requestId: string): string {
  const identity = callerIdentity(caller);
  return [
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    '  <GetCallerIdentityResult>',
    `    <Arn>${escapeXml(identity.Arn)}</Arn>`,
    `    <UserId>${escapeXml(identity.UserId)}</UserId>`,
    `    <Account>${identity.Account}</Account>`,
    '  </GetCallerIdentityResult>',
    `  <ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`,
    '</GetCallerIdentityResponse>',
    '',
  ].join('\n');
}

/** A query-protocol error: `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code>…`. */
export function queryErrorXml(code: string, message: string, requestId: string): string {
  return [
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    `  <Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`,
    `  <RequestId>${requestId}</RequestId>`,
    '</ErrorResponse>',
    '',
  ].join('\n');
}
