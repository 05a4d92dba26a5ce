// Every task-definition rule, table-driven: each failing case marks the expected ranges `[[like this]]`
// and gives the code, severity and messages; each passing case names the codes that must stay quiet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../core/src/types';
import { validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import { dedent, marked } from '../../helpers/marked';

interface FailingCase {
  name: string;
  /** The task definition, with each expected finding's range marked `[[like this]]`. */
  json: string;
  code: string;
  severity: Finding['severity'];
  /** One expected message per marked range, in order (a RegExp where the sentence is long). */
  messages: Array<string | RegExp>;
}

interface PassingCase {
  name: string;
  json: string;
  /** Codes that must not be reported, or "*" for none at all. */
  quiet: string[];
  /** For "*": the rules this file is meant to pass (near misses written on purpose). */
  exercises?: string[];
}

function show(text: string, findings: Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.code} ${JSON.stringify(text.slice(f.span[0], f.span[1]))} ${f.message}`).join('\n');
}

const failing: FailingCase[] = [
  // ---------------------------------------------------------------------------------- ecs/schema
  {
    name: 'schema: unknown container key, named after the container, with the nearest key',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, [["imgae"]]: "nginx" }
        ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: ['Unknown key "imgae" in container "web". Did you mean "image"?'],
  },
  {
    name: 'schema: a wrong type deep in a container names the place as the author reads it',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": 80, "hostPort": [["80"]] } ] }
        ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: ['"portMappings[0].hostPort" in container "web" must be a whole number, not a string.'],
  },
  {
    name: 'schema: a volume is named after its name, a container without one by its position',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          [[{ "image": "nginx", "memory": 512 }]]
        ],
        "volumes": [ { "name": "data", [["readOnly"]]: true } ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: ['Container 1 is missing the required key "name".', 'Unknown key "readOnly" in volume "data".'],
  },
  {
    name: 'schema: missing required keys of the task definition',
    json: `
      [[{]]
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: ['The task definition is missing the required key "family".'],
  },
  {
    name: 'schema: a container setting at the task level, and a task setting inside a container',
    json: `
      {
        "family": "web",
        [["image"]]: "nginx",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512, [["executionRoleArn"]]: "arn:aws:iam::123456789012:role/x" } ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: [
      '"image" is a container setting, not a task-level one: move it into a container under "containerDefinitions".',
      '"executionRoleArn" is a task-level setting: move it out of container "web" to the top level of the task definition.',
    ],
  },
  {
    name: 'schema: Compose names get the ECS name',
    json: `
      {
        "family": "web",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512, [["ports"]]: ["80:80"], [["depends_on"]]: ["db"] } ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: [
      'Unknown key "ports" in container "web". ECS calls this "portMappings".',
      'Unknown key "depends_on" in container "web". Did you mean "dependsOn"?',
    ],
  },
  {
    name: 'schema: an enum typo gets the nearest value',
    json: `
      {
        "family": "web",
        "networkMode": [["awsvcp"]],
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ]
      }
    `,
    code: 'ecs/schema',
    severity: 'error',
    messages: [/^"awsvcp" is not a valid value for "networkMode"\. Did you mean "awsvpc"\?$/],
  },
  // ------------------------------------------------------------------------- ecs/json-syntax
  {
    name: 'json-syntax: YAML forgives a trailing comma, the AWS CLI does not',
    json: `
      {
        "family": "web",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ][[,]]
      }
    `,
    code: 'ecs/json-syntax',
    severity: 'error',
    messages: ['This is not strict JSON, which ECS requires: JSON allows no comma before a closing bracket.'],
  },
  // ---------------------------------------------------------------------- ecs/read-only-field
  {
    name: 'read-only fields of saved describe output, in a register input',
    json: `
      {
        [["taskDefinitionArn"]]: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "family": "web",
        [["revision"]]: 3,
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ],
        [["status"]]: "ACTIVE",
        [["requiresAttributes"]]: [ { "name": "com.amazonaws.ecs.capability.docker-remote-api.1.18" } ],
        [["compatibilities"]]: ["EC2"],
        [["registeredAt"]]: "2024-01-01T00:00:00Z",
        [["registeredBy"]]: "arn:aws:iam::123456789012:user/me"
      }
    `,
    code: 'ecs/read-only-field',
    severity: 'hint',
    messages: [
      '"taskDefinitionArn" is set by ECS and read-only: "register-task-definition" rejects it. Remove it before registering.',
      /^"revision" is set by ECS/,
      /^"status" /,
      /^"requiresAttributes" /,
      /^"compatibilities" /,
      /^"registeredAt" /,
      /^"registeredBy" /,
    ],
  },
  // -------------------------------------------------------------------- ecs/fargate-network-mode
  {
    name: 'fargate-network-mode: a declared mode other than awsvpc',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": [["bridge"]],
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-network-mode',
    severity: 'error',
    messages: ['Fargate requires "networkMode": "awsvpc", not "bridge".'],
  },
  {
    name: 'fargate-network-mode: no mode at all, on FARGATE',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": [ "EC2", [["FARGATE"]] ],
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-network-mode',
    severity: 'error',
    messages: ['Fargate requires "networkMode": "awsvpc"; without it the task definition uses "bridge", which Fargate rejects.'],
  },
  // ----------------------------------------------------------------------- ecs/fargate-task-size
  {
    name: 'fargate-task-size: cpu and memory missing',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": [ [["FARGATE"]] ],
        "networkMode": "awsvpc",
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-task-size',
    severity: 'error',
    messages: [
      'Fargate requires task-level "cpu" and "memory", and this task definition has neither "cpu" nor "memory". For example "cpu": "256" with "memory": "512".',
    ],
  },
  {
    name: 'fargate-task-size: memory missing',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": [ [["FARGATE"]] ],
        "networkMode": "awsvpc",
        "cpu": "256",
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-task-size',
    severity: 'error',
    messages: [/and this task definition has no "memory"\./],
  },
  {
    name: 'fargate-task-size: a memory the cpu does not allow lists the allowed values and the cpus that fit',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": [["4096"]],
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-task-size',
    severity: 'error',
    messages: [
      'Fargate has no task size with cpu 256 and memory 4096. With cpu 256, memory must be 512, 1024 or 2048 (MiB). Memory 4096 needs cpu 512, 1024 or 2048.',
    ],
  },
  {
    name: 'fargate-task-size: documented string forms are converted ("2 vCPU", "2 GB" → 2048/2048)',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "2 vCPU",
        "memory": [["2 GB"]],
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-task-size',
    severity: 'error',
    messages: [
      'Fargate has no task size with cpu 2048 and memory 2048. With cpu 2048, memory must be 4096 to 16384 in steps of 1024 (MiB). Memory 2048 needs cpu 256, 512 or 1024.',
    ],
  },
  {
    name: 'fargate-task-size: a cpu that is no Fargate size',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": [["300"]],
        "memory": 1024,
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/fargate-task-size',
    severity: 'error',
    messages: ['Fargate has no task size with cpu 300. Use 256, 512, 1024, 2048, 4096, 8192 or 16384 CPU units.'],
  },
  {
    name: 'fargate-task-size: Windows needs at least 1 vCPU',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "runtimePlatform": { "operatingSystemFamily": "WINDOWS_SERVER_2019_CORE" },
        "cpu": [["512"]],
        "memory": "1024",
        "containerDefinitions": [ { "name": "web", "image": "mcr.microsoft.com/windows/servercore/iis" } ]
      }
    `,
    code: 'ecs/fargate-task-size',
    severity: 'error',
    messages: ['Fargate has no task size with cpu 512 for Windows containers. Use 1024, 2048 or 4096 CPU units.'],
  },
  // ---------------------------------------------------------------------- ecs/fargate-unsupported
  {
    name: 'fargate-unsupported: host paths, privileged, devices, capabilities and more',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        [["ipcMode"]]: "task",
        "volumes": [ { "name": "logs", "host": { [["sourcePath"]]: "/var/log" } } ],
        "containerDefinitions": [
          {
            "name": "web",
            "image": "nginx",
            [["privileged"]]: true,
            "stopTimeout": [[300]],
            "mountPoints": [ { "sourceVolume": "logs", "containerPath": "/logs" } ],
            "linuxParameters": {
              "initProcessEnabled": true,
              "tmpfs": [ { "containerPath": "/tmp", "size": 64 } ],
              [["devices"]]: [ { "hostPath": "/dev/fuse" } ],
              [["sharedMemorySize"]]: 64,
              "capabilities": { "add": [ "SYS_PTRACE", [["NET_ADMIN"]] ], "drop": ["ALL"] }
            },
            "logConfiguration": { "logDriver": [["syslog"]] }
          }
        ]
      }
    `,
    code: 'ecs/fargate-unsupported',
    severity: 'error',
    messages: [
      '"ipcMode" is not supported on Fargate.',
      '"host.sourcePath" in volume "logs" is not supported on Fargate. Fargate has no host paths: omit "sourcePath" for a task-scoped volume, or use EFS.',
      '"privileged" in container "web" is not supported on Fargate. Fargate tasks get no privileged access to their host.',
      '"stopTimeout" in container "web" is 300 seconds; on Fargate it must be 2 to 120.',
      '"linuxParameters.devices" in container "web" is not supported on Fargate.',
      '"linuxParameters.sharedMemorySize" in container "web" is not supported on Fargate.',
      'Container "web" adds the "NET_ADMIN" capability, which Fargate does not allow: only "SYS_PTRACE" can be added.',
      '"logConfiguration.logDriver" in container "web" is not supported on Fargate. Fargate supports the "awslogs", "splunk" and "awsfirelens" log drivers.',
    ],
  },
  // ----------------------------------------------------------------------------- ecs/task-size
  {
    name: 'task-size: a value ECS cannot convert, and an EC2 cpu out of range',
    json: `
      {
        "family": "web",
        "cpu": [["64"]],
        "memory": [["2 gigs"]],
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/task-size',
    severity: 'error',
    messages: [
      'The task\'s "cpu" is 64 CPU units; ECS accepts 128 (0.125 vCPU) to 196608 (192 vCPU).',
      'ECS cannot read "2 gigs" as the task\'s "memory": write it in MiB ("2048") or GB ("2 GB").',
    ],
  },
  // -------------------------------------------------------------------------- ecs/task-size-number
  {
    name: 'task-size-number: numbers where the API wants strings',
    json: `
      {
        "family": "web",
        "cpu": [[256]],
        "memory": [[512]],
        "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
      }
    `,
    code: 'ecs/task-size-number',
    severity: 'information',
    messages: [
      'The task\'s "cpu" is a string in the ECS API: the AWS CLI and SDKs reject the number 256. Write "256".',
      'The task\'s "memory" is a string in the ECS API: the AWS CLI and SDKs reject the number 512. Write "512".',
    ],
  },
  // ---------------------------------------------------------------------- ecs/host-port-mismatch
  {
    name: 'host-port-mismatch: awsvpc maps no ports; a containerPortRange takes no hostPort',
    json: `
      {
        "family": "web",
        "networkMode": "awsvpc",
        "containerDefinitions": [
          {
            "name": "web",
            "image": "nginx",
            "memory": 512,
            "portMappings": [
              { "containerPort": 80, "hostPort": [[8080]] },
              { "containerPort": 443, "hostPort": 443 },
              { "containerPortRange": "9000-9010", "hostPort": [[9000]] }
            ]
          }
        ]
      }
    `,
    code: 'ecs/host-port-mismatch',
    severity: 'error',
    messages: [
      'In "awsvpc" network mode "hostPort" must be omitted or equal "containerPort" (80), but it is 8080 in container "web".',
      'Leave "hostPort" out of a mapping with "containerPortRange" in container "web": ECS assigns the host ports of a range itself.',
    ],
  },
  // ------------------------------------------------------------------- ecs/network-mode-unsupported
  {
    name: 'network-mode-unsupported: links, hostname and extraHosts under awsvpc',
    json: `
      {
        "family": "web",
        "networkMode": "awsvpc",
        "containerDefinitions": [
          { "name": "db", "image": "postgres", "memory": 512 },
          { "name": "web", "image": "nginx", "memory": 512, [["links"]]: ["db"], [["hostname"]]: "web", [["extraHosts"]]: [ { "hostname": "a", "ipAddress": "10.0.0.1" } ] }
        ]
      }
    `,
    code: 'ecs/network-mode-unsupported',
    severity: 'error',
    messages: [
      'Container "web" uses "links", which work only in "bridge" network mode; in "awsvpc" mode containers of a task reach each other on localhost.',
      'Container "web" sets "hostname", which "awsvpc" network mode does not support: the task takes the name of its network interface.',
      'Container "web" sets "extraHosts", which "awsvpc" network mode does not support.',
    ],
  },
  {
    name: 'network-mode-unsupported: ports in "none" mode',
    json: `
      {
        "family": "web",
        "networkMode": "none",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512, [["portMappings"]]: [ { "containerPort": 80 } ] } ]
      }
    `,
    code: 'ecs/network-mode-unsupported',
    severity: 'error',
    messages: ['Container "web" has "portMappings", but a task in "none" network mode has no network to map ports on.'],
  },
  // ---------------------------------------------------------------- ecs/essential, names, count
  {
    name: 'no-essential-container: every container marked not essential',
    json: `
      {
        "family": "web",
        [["containerDefinitions"]]: [
          { "name": "a", "image": "nginx", "memory": 512, "essential": false },
          { "name": "b", "image": "nginx", "memory": 512, "essential": false }
        ]
      }
    `,
    code: 'ecs/no-essential-container',
    severity: 'error',
    messages: [
      'Every container is marked "essential": false, but a task needs at least one essential container. Remove "essential": false from the main one.',
    ],
  },
  {
    name: 'duplicate-container-name: the second one is marked',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512 },
          { "name": [["web"]], "image": "httpd", "memory": 512 }
        ]
      }
    `,
    code: 'ecs/duplicate-container-name',
    severity: 'error',
    messages: ['Another container is already named "web"; container names must be unique within a task definition.'],
  },
  {
    name: "too-many-containers: eleven containers (replaces the schema's maxItems message)",
    json: `
      {
        "family": "web",
        [["containerDefinitions"]]: [
          { "name": "c1", "image": "busybox", "memory": 16 }, { "name": "c2", "image": "busybox", "memory": 16 },
          { "name": "c3", "image": "busybox", "memory": 16 }, { "name": "c4", "image": "busybox", "memory": 16 },
          { "name": "c5", "image": "busybox", "memory": 16 }, { "name": "c6", "image": "busybox", "memory": 16 },
          { "name": "c7", "image": "busybox", "memory": 16 }, { "name": "c8", "image": "busybox", "memory": 16 },
          { "name": "c9", "image": "busybox", "memory": 16 }, { "name": "c10", "image": "busybox", "memory": 16 },
          { "name": "c11", "image": "busybox", "memory": 16 }
        ]
      }
    `,
    code: 'ecs/too-many-containers',
    severity: 'error',
    messages: [
      'This task definition has 11 containers; ECS allows at most 10 per task definition (a fixed quota). Split them into several task definitions.',
    ],
  },
  // ----------------------------------------------------------------------- cpu and memory
  {
    name: 'container-cpu-exceeds-task: the containers together ask for more CPU than the task has',
    json: `
      {
        "family": "web",
        "cpu": [["1024"]],
        "memory": "2048",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "cpu": 1024 },
          { "name": "sidecar", "image": "envoy", "cpu": 256 }
        ]
      }
    `,
    code: 'ecs/container-cpu-exceeds-task',
    severity: 'error',
    messages: [
      'The containers reserve 1280 CPU units in all (container "web": 1024, container "sidecar": 256), more than the task\'s "cpu" of 1024.',
    ],
  },
  {
    name: 'container-memory-exceeds-task: one container larger than the task',
    json: `
      {
        "family": "web",
        "memory": "1 GB",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": [[2048]], "memoryReservation": 512 }
        ]
      }
    `,
    code: 'ecs/container-memory-exceeds-task',
    severity: 'error',
    messages: ['Container "web" has a hard memory limit of 2048 MiB, more than the task\'s "memory" of 1024 MiB.'],
  },
  {
    name: 'container-memory-exceeds-task: the reservations together do not fit',
    json: `
      {
        "family": "web",
        "memory": [["1024"]],
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memoryReservation": 768 },
          { "name": "log", "image": "fluentbit", "memory": 512 }
        ]
      }
    `,
    code: 'ecs/container-memory-exceeds-task',
    severity: 'error',
    messages: [
      'The containers reserve 1280 MiB of memory in all (container "web": 768, container "log": 512), more than the task\'s "memory" of 1024 MiB.',
    ],
  },
  {
    name: 'container-memory-missing: EC2 without task memory needs memory per container',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": [["web"]], "image": "nginx" },
          { "name": "log", "image": "fluentbit", "memoryReservation": 64 }
        ]
      }
    `,
    code: 'ecs/container-memory-missing',
    severity: 'error',
    messages: ['Container "web" needs "memory" or "memoryReservation" (in MiB), because the task definition has no task-level "memory".'],
  },
  {
    name: 'memory-reservation-exceeds-memory: the soft limit above the hard limit',
    json: `
      {
        "family": "web",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 256, "memoryReservation": [[512]] } ]
      }
    `,
    code: 'ecs/memory-reservation-exceeds-memory',
    severity: 'error',
    messages: [
      'Container "web" reserves 512 MiB ("memoryReservation") but its hard limit ("memory") is 256 MiB; the reservation must not be larger than the limit.',
    ],
  },
  {
    name: 'container-memory-too-small: below what Docker reserves',
    json: `
      {
        "family": "web",
        "containerDefinitions": [ { "name": "web", "image": "busybox", "memory": [[4]] } ]
      }
    `,
    code: 'ecs/container-memory-too-small',
    severity: 'warning',
    messages: ['Container "web" sets "memory" to 4 MiB; Docker 20.10 and later needs at least 6 MiB per container, so it may not start.'],
  },
  // ------------------------------------------------------------------------- dependencies
  {
    name: 'undefined-container: dependsOn, links, volumesFrom and proxyConfiguration, with suggestions',
    json: `
      {
        "family": "web",
        "proxyConfiguration": { "type": "APPMESH", "containerName": [["envoy"]] },
        "containerDefinitions": [
          { "name": "db", "image": "postgres", "memory": 512 },
          {
            "name": "web",
            "image": "nginx",
            "memory": 512,
            "dependsOn": [ { "containerName": [["dbb"]], "condition": "START" } ],
            "links": [ "[[cache]]:redis" ],
            "volumesFrom": [ { "sourceContainer": [["data"]] } ]
          }
        ]
      }
    `,
    code: 'ecs/undefined-container',
    severity: 'error',
    messages: [
      'No container is named "envoy" (named in the task\'s "proxyConfiguration").',
      'No container is named "dbb" (named in "dependsOn"). Did you mean "db"?',
      'No container is named "cache" (named in "links").',
      'No container is named "data" (named in "volumesFrom").',
    ],
  },
  {
    name: 'dependency-cycle: the whole cycle is named, once',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "a", "image": "x", "memory": 64, "dependsOn": [ { "containerName": [["b"]], "condition": "START" } ] },
          { "name": "b", "image": "x", "memory": 64, "links": ["c"] },
          { "name": "c", "image": "x", "memory": 64, "volumesFrom": [ { "sourceContainer": "a" } ] }
        ]
      }
    `,
    code: 'ecs/dependency-cycle',
    severity: 'error',
    messages: ['These containers wait for each other in a cycle: "a" → "b" → "c" → "a". ECS cannot decide which to start first.'],
  },
  {
    name: 'dependency-cycle: a container that depends on itself',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "a", "image": "x", "memory": 64, "dependsOn": [ { "containerName": [["a"]], "condition": "START" } ] }
        ]
      }
    `,
    code: 'ecs/dependency-cycle',
    severity: 'error',
    messages: ['Container "a" depends on itself (in "dependsOn"), so it could never start.'],
  },
  {
    name: 'healthy-without-healthcheck: waiting for a health check that does not exist',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "db", "image": "postgres", "memory": 512 },
          { "name": "web", "image": "nginx", "memory": 512, "dependsOn": [ { "containerName": "db", "condition": [["HEALTHY"]] } ] }
        ]
      }
    `,
    code: 'ecs/healthy-without-healthcheck',
    severity: 'error',
    messages: [
      'Container "web" waits for "db" to be HEALTHY, but "db" has no "healthCheck", so it never becomes healthy. Add a "healthCheck" to "db" or use "START".',
    ],
  },
  {
    name: 'completion-on-essential: waiting for an essential container to exit',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "migrate", "image": "app", "memory": 256 },
          { "name": "web", "image": "app", "memory": 256, "dependsOn": [ { "containerName": "migrate", "condition": [["SUCCESS"]] } ] }
        ]
      }
    `,
    code: 'ecs/completion-on-essential',
    severity: 'warning',
    messages: [
      'Container "web" waits for "migrate" to succeed, but "migrate" is essential: when it exits, ECS stops the whole task. Set "essential": false on "migrate".',
    ],
  },
  // ------------------------------------------------------------------------------ volumes
  {
    name: 'undefined-volume: a mount point naming no volume, with a suggestion',
    json: `
      {
        "family": "web",
        "volumes": [ { "name": "data" } ],
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "mountPoints": [ { "sourceVolume": "data", "containerPath": "/a" }, { "sourceVolume": [["dat"]], "containerPath": "/b" }, { "sourceVolume": [["logs"]], "containerPath": "/c" } ] }
        ]
      }
    `,
    code: 'ecs/undefined-volume',
    severity: 'error',
    messages: ['No volume is named "dat". Did you mean "data"?', 'No volume is named "logs". Declare it in the task-level "volumes".'],
  },
  {
    name: 'unused-volume: declared, never mounted',
    json: `
      {
        "family": "web",
        "volumes": [ { "name": [["scratch"]] } ],
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ]
      }
    `,
    code: 'ecs/unused-volume',
    severity: 'hint',
    messages: ['The volume "scratch" is declared but no container mounts it.'],
  },
  // ------------------------------------------------------------------------------- ports
  {
    name: 'duplicate-port: awsvpc containers share one network stack',
    json: `
      {
        "family": "web",
        "networkMode": "awsvpc",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": 80 }, { "containerPort": 80, "protocol": "udp" } ] },
          { "name": "admin", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": [[80]], "protocol": "tcp" } ] }
        ]
      }
    `,
    code: 'ecs/duplicate-port',
    severity: 'error',
    messages: [
      'Port 80/tcp of container "admin" is already taken by container "web"; in "awsvpc" network mode two mappings cannot use the same port.',
    ],
  },
  {
    name: 'duplicate-port: bridge mode shares fixed host ports only',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": 80, "hostPort": 8080 }, { "containerPort": 80, "hostPort": 0 } ] },
          { "name": "admin", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": 80 }, { "containerPort": 81, "hostPort": [[8080]] } ] }
        ]
      }
    `,
    code: 'ecs/duplicate-port',
    severity: 'error',
    messages: [
      'Port 8080/tcp of container "admin" is already taken by container "web"; in "bridge" network mode two mappings cannot use the same host port.',
    ],
  },
  {
    name: 'duplicate-port: a mapping repeated word for word is only redundant',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": 80, "hostPort": 8000 }, { "containerPort": 80, "hostPort": [[8000]], "protocol": "tcp" } ] }
        ]
      }
    `,
    code: 'ecs/duplicate-port',
    severity: 'warning',
    messages: ['This port mapping of container "web" repeats an earlier one (8000/tcp); remove it.'],
  },
  // ---------------------------------------------------------------------------- secrets
  {
    name: 'secret-reference: valueFrom that ECS cannot fetch',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          {
            "name": "web",
            "image": "nginx",
            "memory": 512,
            "secrets": [
              { "name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
              { "name": "B", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::" },
              { "name": "C", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db" },
              { "name": "D", "valueFrom": "/app/db" },
              { "name": "E", "valueFrom": "db_password" },
              { "name": "F", "valueFrom": [["arn:aws:secretsmanager:us-east-1:123456789012:db"]] },
              { "name": "G", "valueFrom": [["arn:aws:s3:::bucket/key"]] },
              { "name": "H", "valueFrom": [["app/db password"]] }
            ],
            "logConfiguration": {
              "logDriver": "splunk",
              "secretOptions": [ { "name": "splunk-token", "valueFrom": [["arn:aws:ssm:us-east-1:123456789012:token"]] } ]
            }
          }
        ]
      }
    `,
    code: 'ecs/secret-reference',
    severity: 'error',
    messages: [
      'Container "web" takes a secret from "arn:aws:secretsmanager:us-east-1:123456789012:db", which ECS cannot fetch: a Secrets Manager ARN reads "arn:aws:secretsmanager:region:account:secret:name", optionally followed by ":json-key:version-stage:version-id".',
      /from "arn:aws:s3:::bucket\/key", which ECS cannot fetch: ECS reads secrets only from Secrets Manager and SSM Parameter Store ARNs, or parameter names\.$/,
      /from "app\/db password", which ECS cannot fetch: use a Secrets Manager secret ARN, an SSM parameter ARN, or a parameter name/,
      /an SSM parameter ARN reads "arn:aws:ssm:region:account:parameter\/name"\.$/,
    ],
  },
  // -------------------------------------------------------------------------------- logs
  {
    name: 'awslogs-options: a missing group is an error (the region is named too)',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "logConfiguration": { "logDriver": "awslogs", [["options"]]: { "awslogs-stream-prefix": "web" } } }
        ]
      }
    `,
    code: 'ecs/awslogs-options',
    severity: 'error',
    messages: [
      'The awslogs log driver of container "web" is missing "awslogs-group" (the log group to send logs to: without it the driver does not start the container) and "awslogs-region" (the Region of the log group, which ECS documents as required).',
    ],
  },
  {
    name: "awslogs-options: a missing region, and Fargate's stream prefix, only warn",
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "logConfiguration": { "logDriver": "awslogs", [["options"]]: { "awslogs-group": "/ecs/web" } } }
        ]
      }
    `,
    code: 'ecs/awslogs-options',
    severity: 'warning',
    messages: [
      /is missing "awslogs-region" \(.*\) and "awslogs-stream-prefix" \(required on Fargate; it names the log streams after the container and task\)\.$/,
    ],
  },
  // ------------------------------------------------------------------------------- images
  {
    name: 'image-reference: malformed references point at the part at fault',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "a", "image": "nginx[[:latest]]:1", "memory": 64 },
          { "name": "b", "image": "[[Nginx]]", "memory": 64 },
          { "name": "c", "image": "my[[ ]]app", "memory": 64 },
          { "name": "d", "image": "nginx[[:-bad]]", "memory": 64 },
          { "name": "e", "image": "nginx[[@sha256:abc]]", "memory": 64 }
        ]
      }
    `,
    code: 'ecs/image-reference',
    severity: 'error',
    messages: [
      'Container "a" has an image reference Docker cannot pull, "nginx:latest:1": it has more than one ":tag".',
      'Container "b" has an image reference Docker cannot pull, "Nginx": repository names must be lowercase ("nginx").',
      'Container "c" has an image reference Docker cannot pull, "my app": it contains whitespace.',
      /"nginx:-bad": the tag "-bad" may only hold letters, digits/,
      /"nginx@sha256:abc": a digest reads "@sha256:" followed by 64 hexadecimal digits/,
    ],
  },
  // ------------------------------------------------------------------------------ security
  {
    name: 'plaintext-secret: credentials in the environment, by name',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          {
            "name": "web",
            "image": "nginx",
            "memory": 512,
            "environment": [
              { "name": "DB_PASSWORD", "value": [["hunter2"]] },
              { "name": "api_key", "value": [["abc"]] },
              { "name": "GITHUB_TOKEN", "value": [["ghp_x"]] },
              { "name": "DB_SECRET_ARN", "value": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" },
              { "name": "KEYCLOAK_URL", "value": "https://id.example.com" },
              { "name": "EMPTY_PASSWORD", "value": "" }
            ]
          }
        ]
      }
    `,
    code: 'ecs/plaintext-secret',
    severity: 'warning',
    messages: [
      'Container "web" sets DB_PASSWORD in plain text: anyone who can read the task definition sees it. Store it in Secrets Manager or SSM Parameter Store and reference it from "secrets".',
      /sets api_key in plain text/,
      /sets GITHUB_TOKEN in plain text/,
    ],
  },
  {
    name: 'privileged: a hint outside Fargate',
    json: `
      {
        "family": "web",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512, "privileged": [[true]] } ]
      }
    `,
    code: 'ecs/privileged',
    severity: 'hint',
    messages: [
      'Container "web" runs privileged, with nearly the access of root on the host. Add only the capabilities it needs under "linuxParameters.capabilities.add" instead.',
    ],
  },
  {
    name: 'host-namespace: host network, pid and ipc modes outside Fargate',
    json: `
      {
        "family": "web",
        "networkMode": [["host"]],
        "pidMode": [["host"]],
        "ipcMode": [["host"]],
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ]
      }
    `,
    code: 'ecs/host-namespace',
    severity: 'warning',
    messages: [
      /^"networkMode": "host" shares the instance's network stack/,
      /^"pidMode": "host" shares the instance's process table/,
      /^"ipcMode": "host"/,
    ],
  },
  {
    name: 'cap-add-all: ALL in linuxParameters.capabilities.add',
    json: `
      {
        "family": "web",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512, "linuxParameters": { "capabilities": { "add": ["NET_ADMIN", [["ALL"]] ] } } } ]
      }
    `,
    code: 'ecs/cap-add-all',
    severity: 'warning',
    messages: ['Container "web" adds every Linux capability, which is almost as much as "privileged". List only the ones it needs.'],
  },
  {
    name: 'root-user: root by name or UID',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "a", "image": "nginx", "memory": 64, "user": [["root"]] },
          { "name": "b", "image": "nginx", "memory": 64, "user": [["0:0"]] },
          { "name": "c", "image": "nginx", "memory": 64, "user": [["0"]] },
          { "name": "d", "image": "nginx", "memory": 64, "user": "1000:0" }
        ]
      }
    `,
    code: 'ecs/root-user',
    severity: 'hint',
    messages: [
      'Container "a" runs as root ("user": "root"). Run it as an unprivileged user where the image allows.',
      /^Container "b" runs as root/,
      /^Container "c" runs as root/,
    ],
  },
];

for (const c of failing) {
  test(c.name, () => {
    const { text, spans } = marked(dedent(c.json));
    const findings = validateTaskDefinition(text);
    const mine = findings.filter((f) => f.code === c.code);
    assert.deepEqual(
      mine.map((f) => f.span),
      spans,
      `expected ranges ${JSON.stringify(spans.map((s) => text.slice(...s)))}, got:\n${show(text, findings)}`,
    );
    mine.forEach((f, i) => {
      const expected = c.messages[i]!;
      if (typeof expected === 'string') assert.equal(f.message, expected);
      else assert.match(f.message, expected);
      if (c.code !== 'ecs/duplicate-port' || c.severity === 'error') assert.equal(f.severity, c.severity);
    });
    assert.equal(mine.length, c.messages.length);
    // The fixture is otherwise valid: no error of another kind hides in it.
    const otherErrors = findings.filter((f) => f.severity === 'error' && f.code !== c.code);
    assert.deepEqual(otherErrors, [], show(text, otherErrors));
  });
}

const passing: PassingCase[] = [
  {
    name: 'a Fargate task definition with every supported setting is clean',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "1 vCPU",
        "memory": "2 GB",
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "volumes": [ { "name": "scratch" } ],
        "containerDefinitions": [
          {
            "name": "web",
            "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.3",
            "cpu": 512,
            "memory": 1024,
            "memoryReservation": 1024,
            "portMappings": [ { "containerPort": 8080, "hostPort": 8080 }, { "containerPort": 8080, "protocol": "udp" } ],
            "mountPoints": [ { "sourceVolume": "scratch", "containerPath": "/scratch" } ],
            "dependsOn": [ { "containerName": "migrate", "condition": "SUCCESS" }, { "containerName": "proxy", "condition": "HEALTHY" } ],
            "environment": [ { "name": "LOG_LEVEL", "value": "info" }, { "name": "DB_PASSWORD_ARN", "value": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" } ],
            "secrets": [ { "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::" } ],
            "user": "1000:1000",
            "stopTimeout": 120,
            "linuxParameters": { "initProcessEnabled": true, "tmpfs": [ { "containerPath": "/tmp", "size": 64 } ], "capabilities": { "add": ["SYS_PTRACE"], "drop": ["ALL"] } },
            "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web" } }
          },
          { "name": "migrate", "image": "public.ecr.aws/docker/library/busybox:1.36", "essential": false, "cpu": 256, "memory": 512 },
          { "name": "proxy", "image": "envoyproxy/envoy@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "cpu": 256, "memory": 512, "healthCheck": { "command": ["CMD-SHELL", "true"] } }
        ]
      }
    `,
    quiet: ['*'],
    exercises: [
      'ecs/schema',
      'ecs/json-syntax',
      'ecs/fargate-network-mode',
      'ecs/fargate-task-size',
      'ecs/fargate-unsupported',
      'ecs/host-port-mismatch',
      'ecs/duplicate-port',
      'ecs/completion-on-essential',
      'ecs/healthy-without-healthcheck',
      'ecs/plaintext-secret',
      'ecs/secret-reference',
      'ecs/awslogs-options',
      'ecs/image-reference',
      'ecs/root-user',
      'ecs/memory-reservation-exceeds-memory',
      'ecs/unused-volume',
      'ecs/undefined-volume',
    ],
  },
  {
    name: 'an EC2 task definition in bridge mode: links, host ports and privileged containers are allowed there',
    json: `
      {
        "family": "web",
        "containerDefinitions": [
          { "name": "db", "image": "postgres:16", "memoryReservation": 256 },
          {
            "name": "web",
            "image": "localhost:5000/team/web:latest",
            "memory": 6,
            "links": ["db:database"],
            "volumesFrom": [ { "sourceContainer": "db" } ],
            "hostname": "web",
            "portMappings": [ { "containerPort": 80, "hostPort": 8080 }, { "containerPort": 81, "hostPort": 0 }, { "containerPort": 82, "hostPort": 0 } ]
          }
        ]
      }
    `,
    quiet: [
      'ecs/network-mode-unsupported',
      'ecs/host-port-mismatch',
      'ecs/duplicate-port',
      'ecs/container-memory-missing',
      'ecs/container-memory-too-small',
      'ecs/undefined-container',
      'ecs/dependency-cycle',
      'ecs/fargate-network-mode',
      'ecs/fargate-task-size',
      'ecs/fargate-unsupported',
      'ecs/task-size',
      'ecs/task-size-number',
      'ecs/image-reference',
      'ecs/root-user',
      'ecs/no-essential-container',
    ],
  },
  {
    name: 'Fargate sizes at the edges of the table, as numbers of the documented string forms',
    json: `
      {
        "family": "big",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "16 vCPU",
        "memory": "120GB",
        "containerDefinitions": [ { "name": "a", "image": "busybox" } ]
      }
    `,
    quiet: ['ecs/fargate-task-size', 'ecs/task-size', 'ecs/fargate-network-mode'],
  },
  {
    name: 'templated values are left to the deployment tool that fills them in',
    json: `
      {
        "family": "web",
        "cpu": "{{ must_env \`CPU\` }}",
        "memory": "\${MEMORY}",
        "containerDefinitions": [
          {
            "name": "web",
            "image": "web:{{ env \`TAG\` \`latest\` }}",
            "memory": 512,
            "links": ["$$$LINKED$$$"],
            "mountPoints": [ { "sourceVolume": "\${VOLUME}", "containerPath": "/data" } ],
            "secrets": [ { "name": "TOKEN_SECRET", "valueFrom": "arn:aws:ssm:us-east-1:{{must_env \`AWS_ACCOUNT_ID\`}}:parameter/token" } ]
          }
        ]
      }
    `,
    quiet: ['ecs/task-size', 'ecs/image-reference', 'ecs/undefined-container', 'ecs/undefined-volume', 'ecs/secret-reference'],
  },
  {
    name: "limits met exactly: 10 containers, CPU and memory summing to the task's, reservation equal to the limit",
    json: `
      {
        "family": "web",
        "cpu": "1024",
        "memory": "640",
        "containerDefinitions": [
          { "name": "c1", "image": "busybox", "cpu": 512, "memory": 64, "memoryReservation": 64 }, { "name": "c2", "image": "busybox", "cpu": 512, "memory": 64 },
          { "name": "c3", "image": "busybox", "memory": 64 }, { "name": "c4", "image": "busybox", "memory": 64 },
          { "name": "c5", "image": "busybox", "memory": 64 }, { "name": "c6", "image": "busybox", "memory": 64 },
          { "name": "c7", "image": "busybox", "memory": 64 }, { "name": "c8", "image": "busybox", "memory": 64 },
          { "name": "c9", "image": "busybox", "memory": 64 }, { "name": "c10", "image": "busybox", "memory": 64, "essential": false }
        ]
      }
    `,
    quiet: ['*'],
    exercises: [
      'ecs/too-many-containers',
      'ecs/task-size-number',
      'ecs/container-cpu-exceeds-task',
      'ecs/container-memory-exceeds-task',
      'ecs/memory-reservation-exceeds-memory',
      'ecs/duplicate-container-name',
      'ecs/no-essential-container',
    ],
  },
  {
    name: 'describe output: read-only fields are what ECS returned, not a mistake',
    json: `
      {
        "taskDefinition": {
          "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
          "family": "web",
          "revision": 3,
          "status": "ACTIVE",
          "compatibilities": ["EC2"],
          "containerDefinitions": [ { "name": "web", "image": "nginx", "memory": 512 } ]
        },
        "tags": []
      }
    `,
    quiet: ['*'],
    exercises: ['ecs/read-only-field'],
  },
  {
    name: 'privileged on Fargate is an error, so no extra hint; root by a group only is not root',
    json: `
      {
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [ { "name": "web", "image": "nginx", "privileged": true, "user": "app:0" } ]
      }
    `,
    quiet: ['ecs/privileged', 'ecs/root-user'],
  },
  {
    name: 'host mode: hostPort equal to containerPort; no awslogs, no awslogs findings',
    json: `
      {
        "family": "web",
        "networkMode": "host",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "portMappings": [ { "containerPort": 80, "hostPort": 80 } ], "logConfiguration": { "logDriver": "json-file" } }
        ]
      }
    `,
    quiet: ['ecs/host-port-mismatch', 'ecs/awslogs-options', 'ecs/network-mode-unsupported', 'ecs/fargate-network-mode'],
  },
  {
    name: 'bridge mode, named capabilities and default pid/ipc: no host-access findings',
    json: `
      {
        "family": "web",
        "networkMode": "bridge",
        "pidMode": "task",
        "containerDefinitions": [
          { "name": "web", "image": "nginx", "memory": 512, "linuxParameters": { "capabilities": { "add": ["NET_BIND_SERVICE"] } } }
        ]
      }
    `,
    quiet: ['*'],
    exercises: ['ecs/host-namespace', 'ecs/cap-add-all'],
  },
];

for (const c of passing) {
  test(`quiet: ${c.name}`, () => {
    const text = dedent(c.json);
    const findings = validateTaskDefinition(text);
    const unwanted = c.quiet.includes('*') ? findings : findings.filter((f) => c.quiet.includes(f.code));
    assert.deepEqual(unwanted, [], show(text, unwanted));
  });
}

test('every code with a failing case also has a quiet case', () => {
  const quiet = new Set(passing.flatMap((c) => (c.quiet.includes('*') ? (c.exercises ?? []) : c.quiet)));
  const missing = [...new Set(failing.map((c) => c.code))].filter((code) => !quiet.has(code));
  assert.deepEqual(missing, []);
});
