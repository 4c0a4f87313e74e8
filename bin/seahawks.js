#!/usr/bin/env node
// The one `seahawks` command. It only dispatches: `seahawks nester …` and `seahawks harvester …`
// live in their own apps, loaded on demand so the harvester never loads the nester's code.
import { Command } from 'commander';

const program = new Command('seahawks')
  .description('Seahawks: fleet monitoring and remote maintenance (harvester agents, nester server)')
  .version('0.1.0');

const which = process.argv[2];
if (which === 'nester') {
  const { nesterCommand } = await import('@seahawks/nester/cli');
  program.addCommand(nesterCommand());
} else if (which === 'harvester') {
  const { harvesterCommand } = await import('@seahawks/harvester/cli');
  program.addCommand(harvesterCommand());
} else {
  program.command('nester').description('the server: serve, harvesters, …');
  program.command('harvester').description('the agent: run, collect, …');
}

program.parseAsync(process.argv).catch((err) => {
  process.stderr.write(`seahawks: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
