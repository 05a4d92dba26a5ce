// The top-level help: one line per command, each command's own help behind `dockside COMMAND --help`.

export const USAGE = `Usage: dockside COMMAND [OPTIONS]

Commands:
  validate   Check Compose files (each with its project) and ECS task definitions
  convert    Convert a Compose project to ECS task definitions, or a task definition to Compose
  compose    Run a Compose project on the Docker Engine: up, down, ps, logs
  ecs        Run task definitions on the Docker Engine: run-task, create-service, serve (the ECS API);
             deploy a Compose file or task definition to Amazon ECS: deploy
  swarm      Deploy a Compose project to Docker Swarm as a stack: deploy, ls, ps, rm, logs

Run "dockside COMMAND --help" for a command's options; "dockside --version" prints the version.`;

export const COMMANDS = ['validate', 'convert', 'compose', 'ecs', 'swarm'] as const;
