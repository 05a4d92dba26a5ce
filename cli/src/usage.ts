import { DEFAULT_COMPOSE_GLOBS, DEFAULT_TASK_DEFINITION_GLOBS } from '@dockside/core';

export const USAGE = `Usage: dockside validate FILE_OR_FOLDER... [--format text|json]
       dockside convert FILE --to ecs|compose [--per-service] [--launch-type FARGATE|EC2]
                             [--profile NAME]... [-o OUT] [--report REPORT.json] [--force]
       dockside compose up|down|ps|logs [-f FILE]... [-p PROJECT] [--profile NAME] [--volumes] [--follow]
       dockside ecs run-task FILE [options]       ("dockside ecs" alone lists the options)
       dockside ecs deploy FILE --cluster NAME [options]   ("dockside ecs deploy --help")

Checks Docker Compose files and Amazon ECS task definitions with Dockside's diagnostics. A JSON file
is checked as a task definition; any other file as Compose. A folder is searched for Compose files
(${DEFAULT_COMPOSE_GLOBS.slice(0, 4).join(', ')}, ...) and task definitions (${DEFAULT_TASK_DEFINITION_GLOBS.slice(0, 3).join(', ')},
..., or any JSON file with "containerDefinitions"). Exit status: 0 when no errors were found, 1 when
any error was found, 2 when the command line or a file could not be used.

convert turns a Compose file (with the override and .env files beside it) into ECS task definitions,
or a task definition (strict JSON) into a Compose file, and lists what could not be carried over
exactly. Only the services of the active profiles are converted (--profile, repeatable, or
COMPOSE_PROFILES). The result goes to standard output, or to OUT (a file; with --per-service, a
folder); an existing file is not overwritten without --force. Exit status: 0 when converted, 1 when
the result needs work before it runs (e.g. a service with only "build", or a result Dockside's checks
find an error in), 2 when there was nothing to convert or the command line or a file could not be used.`;
