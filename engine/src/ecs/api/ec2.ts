// The EC2 subset a deploy's pickers read (DescribeSubnets, DescribeSecurityGroups), in the EC2 query
// protocol (a form in, XML out). Locally there is one "VPC", the engine, and one subnet in it: the engine's
// default bridge network, where every awsvpc task gets its address (through its sandbox), with that
// network's address range; and the VPC's default security group, which filters nothing (published ports
// listen on the publish address). Ids are derived from the bridge network's id, so they stay the same
// while the engine keeps its network. What a service is given as subnets and security groups is
// recorded, not enforced.
import { LOCAL_ACCOUNT } from '../arn';
import type { ApiContext } from './context';
import { AwsError, escapeXml } from './protocol';

const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const AVAILABILITY_ZONE = 'local';

interface LocalVpc {
  readonly vpcId: string;
  readonly subnetId: string;
  readonly securityGroupId: string;
  readonly cidr: string;
  readonly network: string;
}

type Ec2Handler = (form: URLSearchParams, context: ApiContext, requestId: string) => Promise<string>;

export const ec2Operations: Readonly<Record<string, Ec2Handler>> = {
  async DescribeSubnets(form, context, requestId) {
    const vpc = await localVpc(context);
    const ids = members(form, 'SubnetId');
    const filters = readFilters(form, ['vpc-id', 'subnet-id', 'availability-zone', 'default-for-az']);
    const missing = ids.find((id) => id !== vpc.subnetId);
    if (missing) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
    const matches =
      matchFilter(filters, 'vpc-id', vpc.vpcId) &&
      matchFilter(filters, 'subnet-id', vpc.subnetId) &&
      matchFilter(filters, 'availability-zone', AVAILABILITY_ZONE) &&
      matchFilter(filters, 'default-for-az', 'true');
    const item = [
      '<item>',
      `<subnetId>${vpc.subnetId}</subnetId>`,
      `<subnetArn>arn:aws:ec2:${context.caller.region}:${LOCAL_ACCOUNT}:subnet/${vpc.subnetId}</subnetArn>`,
      '<state>available</state>',
      `<ownerId>${LOCAL_ACCOUNT}</ownerId>`,
      `<vpcId>${vpc.vpcId}</vpcId>`,
      `<cidrBlock>${escapeXml(vpc.cidr)}</cidrBlock>`,
      `<availableIpAddressCount>${availableAddresses(vpc.cidr)}</availableIpAddressCount>`,
      `<availabilityZone>${AVAILABILITY_ZONE}</availabilityZone>`,
      `<availabilityZoneId>${AVAILABILITY_ZONE}</availabilityZoneId>`,
      '<defaultForAz>true</defaultForAz>',
      '<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>',
      `<tagSet><item><key>Name</key><value>${escapeXml(`Docker network ${vpc.network}`)}</value></item></tagSet>`,
      '</item>',
    ].join('');
    return response('DescribeSubnetsResponse', requestId, `<subnetSet>${matches ? item : ''}</subnetSet>`);
  },

  async DescribeSecurityGroups(form, context, requestId) {
    const vpc = await localVpc(context);
    const ids = members(form, 'GroupId');
    const names = members(form, 'GroupName');
    const filters = readFilters(form, ['vpc-id', 'group-id', 'group-name']);
    const missing = ids.find((id) => id !== vpc.securityGroupId);
    if (missing) throw new AwsError('InvalidGroup.NotFound', `The security group '${missing}' does not exist`);
    const missingName = names.find((name) => name !== 'default');
    if (missingName)
      throw new AwsError('InvalidGroup.NotFound', `The security group '${missingName}' does not exist in default VPC '${vpc.vpcId}'`);
    const matches =
      matchFilter(filters, 'vpc-id', vpc.vpcId) &&
      matchFilter(filters, 'group-id', vpc.securityGroupId) &&
      matchFilter(filters, 'group-name', 'default');
    const everything = '<item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item>';
    const item = [
      '<item>',
      `<ownerId>${LOCAL_ACCOUNT}</ownerId>`,
      `<groupId>${vpc.securityGroupId}</groupId>`,
      '<groupName>default</groupName>',
      '<groupDescription>default VPC security group (Dockside: the engine filters no traffic)</groupDescription>',
      `<vpcId>${vpc.vpcId}</vpcId>`,
      `<ipPermissions>${everything}</ipPermissions>`,
      `<ipPermissionsEgress>${everything}</ipPermissionsEgress>`,
      '</item>',
    ].join('');
    return response('DescribeSecurityGroupsResponse', requestId, `<securityGroupInfo>${matches ? item : ''}</securityGroupInfo>`);
  },
};

/** An EC2 error: `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`. */
export function ec2ErrorXml(error: AwsError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.type)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>\n`;
}

async function localVpc(context: ApiContext): Promise<LocalVpc> {
  const bridge = (await context.docker.getNetwork('bridge').inspect()) as {
    Id: string;
    Name: string;
    IPAM?: { Config?: Array<{ Subnet?: string }> };
  };
  const id = bridge.Id.replace(/[^0-9a-f]/g, '');
  const cidr = bridge.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'))?.Subnet ?? '172.17.0.0/16';
  return {
    vpcId: `vpc-${id.slice(0, 17)}`,
    subnetId: `subnet-${id.slice(0, 17)}`,
    securityGroupId: `sg-${id.slice(17, 34).padEnd(17, '0')}`,
    cidr,
    network: bridge.Name,
  };
}

/** `Name.1`, `Name.2`, … in order. */
function members(form: URLSearchParams, name: string): string[] {
  return [...form.keys()]
    .filter((key) => new RegExp(`^${name}\\.\\d+$`).test(key))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((key) => form.get(key)!);
}

/** `Filter.N.Name` with `Filter.N.Value.M`; a name this endpoint does not know is refused, as EC2 refuses it. */
function readFilters(form: URLSearchParams, known: readonly string[]): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const key of form.keys()) {
    const match = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!match) continue;
    const name = form.get(key)!;
    if (!known.includes(name)) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    filters.set(name, [...(filters.get(name) ?? []), ...members(form, `Filter\\.${match[1]}\\.Value`)]);
  }
  return filters;
}

function matchFilter(filters: Map<string, string[]>, name: string, value: string): boolean {
  const wanted = filters.get(name);
  return wanted === undefined || wanted.includes(value);
}

function availableAddresses(cidr: string): number {
  const bits = Number(cidr.split('/')[1] ?? 32);
  return Math.max(0, 2 ** (32 - bits) - 5);
}

function response(name: string, requestId: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${name} xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>${body}</${name}>\n`;
}
