import { Command, CommanderError } from 'commander';
import { registerCanI } from './commands/can-i.js';
import { registerAccess } from './commands/access.js';
import { registerCatalog } from './commands/catalog.js';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerWhoCan } from './commands/who-can.js';
import { CliError, EXIT_ERROR } from './errors.js';
import { processIo, toolVersion, type CliIo } from './io.js';

/**
 * Run kaslint with the given arguments; resolves to the exit code. Never throws: every
 * failure becomes a one-line `error:` message (a stack trace only with --debug).
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode = 0;
  const program = new Command();
  program
    .name('kaslint')
    .description('Offline analysis of the GitLab agent for Kubernetes: agent config, chart values, RBAC, and kubectl auth can-i.')
    .version(toolVersion(), '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => io.writeOut(s), writeErr: (s) => io.writeErr(s) });
  const setExit = (code: number): void => {
    exitCode = code;
  };
  registerCheck(program, io, setExit);
  registerCanI(program, io, setExit);
  registerWhoCan(program, io, setExit);
  registerAccess(program, io, setExit);
  registerDiff(program, io, setExit);
  registerCatalog(program, io, setExit);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.writeOut(s), writeErr: (s) => io.writeErr(s) });

  try {
    await program.parseAsync(['node', 'kaslint', ...argv.filter((a) => a !== '--debug')]);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successful exits; anything else is a usage error.
      return err.exitCode === 0 ? 0 : EXIT_ERROR;
    }
    if (err instanceof CliError) {
      io.writeErr(`error: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.writeErr(`error: internal error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) io.writeErr(`${err.stack}\n`);
    return EXIT_ERROR;
  }
}
