/** What the conversion report says is true: each case is the minimal input of a way it was not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPORTED_SERVICE_KEY_REASONS, REPORTED_TOP_LEVEL_KEY_REASONS, type LossEntry, type LossReport } from '../../../core/src/convert';
import { containerOf, entries, onlyTask, toEcs } from './helpers';

const EC2 = { launchType: 'EC2' } as const;

function all(report: LossReport): LossEntry[] {
  return [...report.errors, ...report.dropped, ...report.approximated, ...report.notes];
}

/** Every entry about a path (exactly that path). */
function at(report: LossReport, ...path: Array<string | number>): LossEntry[] {
  return all(report).filter((e) => JSON.stringify(e.path) === JSON.stringify(path));
}

const BOUND_VOLUME = `
  services:
    web:
      image: nginx
      volumes: [data:/data]
  volumes:
    data:
      driver: local
      driver_opts: {type: none, o: bind, device: /srv/data}
`;

test('a local volume that binds a host directory: plain sentences, and never "no service mounts it" when one does', () => {
  const ec2 = toEcs(BOUND_VOLUME, EC2);
  assert.deepEqual(
    at(ec2.report, 'services', 'web', 'volumes', 0).map((e) => e.reason),
    [
      'The volume "data" (a bind of /srv/data) becomes the host volume "srv-data" (/srv/data): the path must exist on every EC2 instance that runs the task.',
    ],
  );
  const fargate = toEcs(BOUND_VOLUME);
  assert.deepEqual(
    at(fargate.report, 'services', 'web', 'volumes', 0).map((e) => e.reason),
    ['Fargate has no host paths, so the volume "data" (a bind of /srv/data) cannot be mounted.'],
  );
  for (const { report } of [ec2, fargate]) assert.deepEqual(at(report, 'volumes', 'data'), []);
  const bind = toEcs('services:\n  web:\n    image: nginx\n    volumes: [/srv/www:/www]\n', EC2);
  assert.match(at(bind.report, 'services', 'web', 'volumes', 0)[0]!.reason, /^The bind mount of \/srv\/www becomes the host volume/);
});

test("logging.driver none: on EC2 the daemon's default driver logs the container (approximated); on Fargate nothing is kept", () => {
  const body = 'services:\n  web:\n    image: nginx\n    logging:\n      driver: none\n';
  const ec2 = toEcs(body, EC2);
  assert.equal(containerOf(onlyTask(ec2), 'web')['logConfiguration'], undefined);
  assert.deepEqual(
    entries(ec2.report, 'approximated', 'services', 'web', 'logging').map((e) => e.reason),
    [
      'ECS has no "none" log driver: without a log configuration, "web" logs with the Docker daemon\'s default driver on the EC2 instance (json-file unless the instance is set up otherwise).',
    ],
  );
  assert.ok(!all(ec2.report).some((e) => /keeps no logs/.test(e.reason)));
  assert.match(entries(toEcs(body).report, 'notes', 'services', 'web', 'logging')[0]!.reason, /Fargate discards its output/);
});

test('"use localhost" advice only for values that are a host, host:port or a URL naming a service', () => {
  const result = toEcs(`
    services:
      wordpress:
        image: wordpress
        environment:
          WORDPRESS_DB_HOST: db:3306
          DB_HOST: db
          DATABASE_URL: mysql://wp:secret@db/wp
          BROKERS: queue:9092,db:5432
          MYSQL_PASSWORD: wordpress
          DB_NAME: db
          DATA_DIR: /var/lib/db
          GREETING: hello db
      db:
        image: mysql
        environment:
          MYSQL_PASSWORD: wordpress
          MYSQL_USER: wordpress
      queue:
        image: kafka
  `);
  const advised = (service: string) => entries(result.report, 'notes', 'services', service, 'environment').map((e) => String(e.path[3]));
  assert.deepEqual(advised('wordpress'), ['WORDPRESS_DB_HOST', 'DB_HOST', 'DATABASE_URL', 'BROKERS']);
  assert.deepEqual(advised('db'), []);
  // The password inside a URL stays out of the report.
  assert.match(at(result.report, 'services', 'wordpress', 'environment', 'DATABASE_URL')[0]!.reason, /mysql:\/\/wp:\*\*\*@db\/wp/);
});

const VOTING_REDIS = `
  services:
    redis:
      image: redis:alpine
      volumes:
        - "./healthchecks:/healthchecks"
      healthcheck:
        test: /healthchecks/redis.sh
        interval: 5s
`;

test("a dropped bind mount names the healthcheck that runs a file from it (the voting app's ./healthchecks)", () => {
  const fargate = toEcs(VOTING_REDIS);
  const [dropped] = at(fargate.report, 'services', 'redis', 'volumes', 0);
  assert.equal(
    dropped!.reason,
    'Fargate has no host paths, so the bind mount of /p/healthchecks cannot be mounted; the healthcheck (/healthchecks/redis.sh) reads a file from it and will not find it.',
  );
  const ec2 = toEcs(VOTING_REDIS, EC2);
  assert.match(
    at(ec2.report, 'services', 'redis', 'volumes', 0)[0]!.reason,
    /, with the file the healthcheck \(\/healthchecks\/redis\.sh\) reads\.$/,
  );
});

test('a secret the app or its healthcheck reads as a file is approximated, not a note, naming who reads it', () => {
  const result = toEcs(`
    services:
      db:
        image: postgres
        environment:
          POSTGRES_PASSWORD_FILE: /run/secrets/db_password
        healthcheck:
          test: ["CMD-SHELL", "PGPASSWORD=$$(cat /run/secrets/db_password) pg_isready"]
        secrets: [db_password]
      api:
        image: api
        secrets: [db_password]
    secrets:
      db_password:
        file: ./db_password.txt
  `);
  const [entry] = entries(result.report, 'approximated', 'services', 'db', 'secrets', 0);
  assert.ok(entry);
  assert.match(
    entry.reason,
    /^The secret "db_password" becomes the environment variable db_password, read from the placeholder ".*", but the healthcheck \(\/run\/secrets\/db_password\) and POSTGRES_PASSWORD_FILE \(\/run\/secrets\/db_password\) read the file \/run\/secrets\/db_password, which the ECS container does not have\.$/,
  );
  assert.deepEqual(entries(result.report, 'notes', 'services', 'db', 'secrets', 0), []);
  // Where nothing reads the file, the difference is a note, as before.
  assert.equal(entries(result.report, 'notes', 'services', 'api', 'secrets', 0).length, 1);
});

test('a service left out by its profiles gets a line saying which profile would bring it', () => {
  const result = toEcs('services:\n  web:\n    image: nginx\n  debug:\n    image: busybox\n    profiles: [debug, tools]\n', {
    services: ['web'],
  });
  assert.deepEqual(containerOf(onlyTask(result), 'web')['name'], 'web');
  assert.deepEqual(
    at(result.report, 'services', 'debug', 'profiles').map((e) => [e.reason, e.action]),
    [
      [
        '"debug" is not converted: its profiles "debug", "tools" are not active.',
        'To convert it too, activate one of them (dockside convert --profile debug, COMPOSE_PROFILES, or the profile pick in VS Code).',
      ],
    ],
  );
});

test('what users read names no internal function or option', () => {
  const internal = /loadProject|readFile|\(\.\.\.\)|\.services\b|\.model\b|perService|launchType/;
  const reasons = [...Object.values(REPORTED_SERVICE_KEY_REASONS), ...Object.values(REPORTED_TOP_LEVEL_KEY_REASONS)];
  for (const { reason, action } of reasons) assert.doesNotMatch(`${reason} ${action ?? ''}`, internal);
  const result = toEcs('include: [other.yaml]\nservices:\n  web:\n    image: nginx\n    env_file: web.env\n    profiles: [web]\n');
  for (const { reason, action } of all(result.report)) assert.doesNotMatch(`${reason} ${action ?? ''}`, internal, reason);
});
