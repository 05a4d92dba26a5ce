import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageReferenceProblem } from '../../../core/src/ecs/imageReference';

test('well-formed image references', () => {
  const valid = [
    'nginx',
    'nginx:1.27',
    'library/nginx:latest',
    'amazon/amazon-ecs-agent:v1.80.0',
    'quay.io/assemblyline/ubuntu',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:2024-01-01_abc.1',
    '127.0.0.1:51670/busybox:latest',
    'localhost:5000/app',
    'localhost/app:tag',
    'my-registry.example.com:443/a/b/c:v1',
    'public.ecr.aws/docker/library/busybox:1.36',
    'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019',
    'redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF',
    'redis:7@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'a__b/c.d-e---f',
    '[::1]:5000/app',
  ];
  for (const image of valid) assert.equal(imageReferenceProblem(image), undefined, image);
});

test('malformed image references say what is wrong and where', () => {
  const invalid: Array<[string, RegExp, string]> = [
    ['nginx:latest:1', /more than one ":tag"/, ':latest'],
    ['Nginx', /must be lowercase \("nginx"\)/, 'Nginx'],
    ['team/MyApp:1', /must be lowercase/, 'MyApp'],
    ['my app', /whitespace/, ' '],
    ['nginx:', /the tag ""/, ':'],
    ['nginx:-x', /the tag "-x"/, ':-x'],
    ['nginx:' + 'a'.repeat(129), /up to 128 characters/, ':' + 'a'.repeat(129)],
    ['nginx@sha256:abc', /64 hexadecimal digits/, '@sha256:abc'],
    ['nginx@md5:0123456789abcdef0123456789abcdef', /64 hexadecimal digits/, '@md5:0123456789abcdef0123456789abcdef'],
    ['team//app', /empty path component/, ''],
    ['app/', /empty path component/, ''],
    ['-app', /"-app" is not a valid repository name/, '-app'],
    ['bad_host_.com/app', /not a valid registry host/, 'bad_host_.com'],
    ['', /empty/, ''],
  ];
  for (const [image, message, part] of invalid) {
    const problem = imageReferenceProblem(image);
    assert.ok(problem, image);
    assert.match(problem.message, message, image);
    if (part) assert.equal(image.slice(problem.start, problem.start + problem.length), part, image);
  }
});
