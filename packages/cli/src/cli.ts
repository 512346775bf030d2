import { ConfigError, PluginError } from '@smartloket/core';
import { cac } from 'cac';
import { apiClients } from './commands/api-clients.js';
import { auditAnchor, auditVerify } from './commands/audit.js';
import { digest } from './commands/digest.js';
import { doctor } from './commands/doctor.js';
import { grants } from './commands/grants.js';
import { init } from './commands/init.js';
import { keysGenerate, keysGeneratePkcs11 } from './commands/keys.js';
import { migrate } from './commands/migrate.js';
import { newPlugin, newRequestType } from './commands/new.js';
import { plugins } from './commands/plugins.js';
import { purge } from './commands/purge.js';
import { report } from './commands/report.js';
import { dev, start, worker } from './commands/run.js';
import { staffOrTeams } from './commands/staff.js';
import { verifyPlugin } from './commands/verify.js';
import { CliError, EXIT } from './errors.js';
import { createOutput } from './output.js';

export const CLI_VERSION = '0.1.0';

/** Builds the `smartloket` command. `argv` as in process.argv. */
export async function runCli(argv: string[], cwd = process.cwd()): Promise<number> {
  const cli = cac('smartloket');
  let action: Promise<unknown> | undefined;
  /** A command that found problems (doctor, digest, verify) exits 1 without an error message. */
  const fail = (code: number) => {
    if (code !== EXIT.ok) throw new ExitCode(code);
  };
  const out = (o: { json?: boolean; quiet?: boolean }) => createOutput(o);

  cli.option('--json', 'Machine-readable output').option('--quiet', 'Print only errors');

  cli
    .command('init <dir>', 'Create a new deployment')
    .option('--name <name>', 'Municipality name (Dutch)')
    .option('--nis <code>', 'NIS code of the municipality (5 digits)')
    .option('--plugin <package>', 'Add a plugin package (repeatable)')
    .option('--from <dir>', 'Install @smartloket packages from packed tarballs in this folder (offline)')
    .action((dir: string, o) => {
      action = Promise.resolve(
        init(dir, { cwd, name: o.name, nis: o.nis, plugins: [o.plugin ?? []].flat(), from: o.from }, out(o)),
      );
    });
  cli
    .command('dev', 'Run the deployment with simulators, dev login, dev mailbox and test keys')
    .option('--config <file>', 'Configuration file')
    .option('--port <port>', 'HTTP port')
    .option('--no-watch', 'Do not reload when the configuration or a local plugin changes')
    .action((o) => {
      action = dev(
        {
          cwd,
          config: o.config,
          port: o.port === undefined ? undefined : Number(o.port),
          watch: o.watch !== false,
        },
        out(o),
      );
    });
  cli
    .command('start', 'Run the deployment in production (server and, if configured, a worker)')
    .option('--config <file>', 'Configuration file')
    .option('--port <port>', 'HTTP port')
    .action((o) => {
      action = start(
        { cwd, config: o.config, port: o.port === undefined ? undefined : Number(o.port) },
        out(o),
      );
    });
  cli
    .command('worker', 'Run a worker process (jobs: delivery pipeline, e-mails, retention)')
    .option('--config <file>', 'Configuration file')
    .option('--concurrency <n>', 'Jobs at once')
    .action((o) => {
      action = worker(
        {
          cwd,
          config: o.config,
          concurrency: o.concurrency === undefined ? undefined : Number(o.concurrency),
        },
        out(o),
      );
    });
  cli
    .command('migrate [direction]', 'Database migrations: up (default), down, status')
    .option('--config <file>', 'Configuration file')
    .action((direction: string | undefined, o) => {
      action = migrate(direction ?? 'up', { cwd, config: o.config }, out(o));
    });

  cli
    .command('new <what> <name>', 'Scaffold: "new plugin <id>" or "new request-type <plugin>.<name>"')
    .option(
      '--dir <dir>',
      'new plugin: target folder (default plugins/<id> in a deployment, else plugin-<id>)',
    )
    .option('--package <name>', 'new plugin: npm package name (default smartloket-plugin-<id>)')
    .option('--title <title>', 'Dutch title (plugin or request type)')
    .option('--type <name>', 'new plugin: name of the first request type (default aanvraag)')
    .option('--kind <kind>', 'certificate (default) or report')
    .option('--type-title <title>', 'new plugin: Dutch title of the first request type')
    .option('--plugin <dir>', 'new request-type: the plugin package folder (default .)')
    .option('--workspace', 'new plugin: depend on @smartloket packages with workspace:^')
    .option('--from-type <file>', 'new plugin: the first request type from a designer export (JSON)')
    .action((what: string, name: string, o) => {
      if (what === 'plugin') {
        newPlugin(
          name,
          {
            cwd,
            dir: o.dir,
            packageName: o.package,
            title: o.title,
            type: o.type,
            kind: o.kind,
            typeTitle: o.typeTitle,
            workspace: o.workspace,
            fromType: o.fromType,
          },
          out(o),
        );
      } else if (what === 'request-type') {
        newRequestType(name, { cwd, plugin: o.plugin, kind: o.kind, title: o.title }, out(o));
      } else {
        throw new CliError(`unknown "new ${what}" (use "new plugin" or "new request-type")`, EXIT.config);
      }
    });

  cli
    .command('plugins', 'Configured plugins: enabled, versions, core compatibility, source manifests')
    .option('--config <file>', 'Configuration file')
    .action((o) => {
      action = plugins({ cwd, config: o.config }, out(o));
    });
  cli
    .command('keys <action>', 'keys generate: test seal keys (a TEST CA) and how to trust them')
    .option('--dir <dir>', 'Where to write them (default .data/keys)')
    .option('--organisation <name>', 'Organisation in the certificate')
    .option('--days <n>', 'Validity in days (default 365)')
    .option('--pkcs11', 'Make the seal key inside a PKCS#11 token and write a CSR (production)')
    .option('--module <path>', 'With --pkcs11: the PKCS#11 library of the HSM')
    .option('--token <label>', 'With --pkcs11: the token label')
    .option('--key-label <label>', 'With --pkcs11: the label of the new key pair')
    .option('--key-type <type>', 'With --pkcs11: rsa-2048 (default), rsa-3072 or ec-p256')
    .option('--pin-env <var>', 'With --pkcs11: environment variable holding the PIN')
    .option('--pin-file <file>', 'With --pkcs11: file holding the PIN')
    .option('--subject <dn>', 'With --pkcs11: the CSR subject, e.g. "C=BE,O=Gemeente X,CN=Gemeente X"')
    .option('--csr <file>', 'With --pkcs11: where the CSR goes (default <key label>.csr)')
    .action((a: string, o) => {
      if (a !== 'generate') throw new CliError(`unknown "keys ${a}" (use "keys generate")`, EXIT.config);
      if (o.pkcs11) {
        action = keysGeneratePkcs11(
          {
            cwd,
            module: o.module,
            token: o.token,
            keyLabel: o.keyLabel,
            keyType: o.keyType,
            pinEnv: o.pinEnv,
            pinFile: o.pinFile,
            subject: o.subject,
            csr: o.csr,
          },
          out(o),
        );
        return;
      }
      keysGenerate(
        {
          cwd,
          dir: o.dir,
          organisation: o.organisation,
          days: o.days === undefined ? undefined : Number(o.days),
        },
        out(o),
      );
    });
  cli
    .command(
      'grants <action> [file]',
      'Organisation grants (KBO): list, add, revoke, import <file.csv> (columns kbo;type;until;note)',
    )
    .option('--config <file>', 'Configuration file')
    .option('--kbo <number>', 'KBO number of the organisation')
    .option('--type <id>', 'Request type id, family.* or *')
    .option('--until <date>', 'Valid until (exclusive, YYYY-MM-DD)')
    .option('--id <id>', 'Grant id (revoke)')
    .option('--note <text>', 'Note or reason')
    .option('--dry-run', 'import: validate and count; change nothing')
    .action((a: string, file: string | undefined, o) => {
      action = grants(
        a,
        {
          kbo: o.kbo === undefined ? undefined : String(o.kbo),
          type: o.type,
          until: o.until,
          id: o.id,
          note: o.note,
          file,
          dryRun: o.dryRun,
        },
        { cwd, config: o.config },
        out(o),
      );
    });
  for (const what of ['staff', 'teams'] as const) {
    cli
      .command(
        `${what} <action> [file]`,
        what === 'staff'
          ? 'Staff directory: import <file.csv> (columns subject;name;roles;scopes;teams)'
          : 'Teams: import <file.csv> (columns team;types)',
      )
      .option('--config <file>', 'Configuration file')
      .option('--dry-run', 'import: validate and count; change nothing')
      .action((a: string, file: string | undefined, o) => {
        action = staffOrTeams(what, a, { file, dryRun: o.dryRun }, { cwd, config: o.config }, out(o));
      });
  }
  cli
    .command(
      'api-clients <action>',
      'Integration API clients: list, create (--name, --scope, --type), rotate --id, revoke --id',
    )
    .option('--config <file>', 'Configuration file')
    .option('--name <name>', 'create: the calling system (e.g. "Zaaksysteem")')
    .option('--scope <scope>', 'create: read, act or admin (repeatable)')
    .option('--type <id>', 'create: a request type id, family.* or * (repeatable; default every type)')
    .option('--id <id>', 'rotate, revoke: the client id')
    .action((a: string, o) => {
      action = apiClients(
        a,
        {
          name: o.name === undefined ? undefined : String(o.name),
          scopes: o.scope,
          types: o.type,
          id: o.id === undefined ? undefined : String(o.id),
        },
        { cwd, config: o.config },
        out(o),
      );
    });
  cli
    .command('purge', 'Apply the retention terms (use --dry-run first)')
    .option('--config <file>', 'Configuration file')
    .option('--dry-run', 'Count what would be purged; change nothing')
    .option('--batch-size <n>', 'Rows per statement (default 1000)')
    .action((o) => {
      action = purge(
        {
          cwd,
          config: o.config,
          dryRun: o.dryRun,
          batchSize: o.batchSize === undefined ? undefined : Number(o.batchSize),
        },
        out(o),
      );
    });
  cli
    .command(
      'audit <action>',
      'Audit log chain: verify (hashes, links, anchors and their timestamps), anchor (now)',
    )
    .option('--config <file>', 'Configuration file')
    .option('--batch-size <n>', 'verify: rows per query (default 1000)')
    .option('--tsa-trust <pem>', "verify: the timestamp authority's root certificate(s) (repeatable)")
    .action((a: string, o) => {
      const ops = { cwd, config: o.config };
      if (a === 'anchor') action = auditAnchor(ops, out(o));
      else if (a === 'verify')
        action = auditVerify(
          {
            ...ops,
            batchSize: o.batchSize === undefined ? undefined : Number(o.batchSize),
            tsaTrust: o.tsaTrust === undefined ? undefined : [o.tsaTrust].flat().map(String),
          },
          out(o),
        ).then(fail);
      else throw new CliError(`unknown "audit ${a}" (use "audit verify" or "audit anchor")`, EXIT.config);
    });
  cli
    .command('report', 'Requests as CSV on stdout (no personal data)')
    .option('--config <file>', 'Configuration file')
    .option('--from <date>', 'Created on or after (YYYY-MM-DD)')
    .option('--to <date>', 'Created before (YYYY-MM-DD)')
    .action((o) => {
      action = report({ cwd, config: o.config, from: o.from, to: o.to });
    });
  cli
    .command(
      'doctor',
      'Check configuration, database, identity provider, MAGDA, SMTP, signer, certificates, plugins',
    )
    .option('--config <file>', 'Configuration file')
    .action((o) => {
      action = doctor({ cwd, config: o.config }, out(o)).then(fail);
    });
  cli
    .command(
      'digest',
      'Daily problem digest: dead jobs, failed requests, configuration, expiring certificates',
    )
    .option('--config <file>', 'Configuration file')
    .option('--send', 'Also e-mail it to digest.recipients now (as the worker does daily)')
    .action((o) => {
      action = digest({ cwd, config: o.config, send: o.send }, out(o)).then(fail);
    });
  cli
    .command('plugin <action> [dir]', 'plugin verify [dir]: check a plugin package before publishing')
    .action((a: string, dir: string | undefined, o) => {
      if (a !== 'verify') throw new CliError(`unknown "plugin ${a}" (use "plugin verify")`, EXIT.config);
      action = verifyPlugin(dir ?? '.', { cwd }, out(o)).then(fail);
    });

  cli.help();
  cli.version(CLI_VERSION);
  try {
    cli.parse(argv, { run: false });
    if (!cli.matchedCommand && cli.args.length > 0) {
      throw new CliError(`unknown command "${cli.args[0]}" (see smartloket --help)`, EXIT.config);
    }
    if (!cli.matchedCommand && !cli.options.help && !cli.options.version) {
      cli.outputHelp();
      return EXIT.ok;
    }
    await cli.runMatchedCommand();
    await action;
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

/** Ends a command with an exit code, its findings already printed. */
class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Prints an error without a stack trace and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof ExitCode) return error.code;
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ConfigError || error instanceof PluginError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.config;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Unknown option|missing required args|Unused args/i.test(message)) {
    process.stderr.write(`error: ${message}\n`);
    return EXIT.config;
  }
  process.stderr.write(`error: ${message}\n`);
  if (process.env.SMARTLOKET_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}
