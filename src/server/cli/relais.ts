import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LEGAL_BASES, type LegalBasis } from '../../shared/contracts/people.js';
import type { ColumnMappingInput } from '../../shared/contracts/imports.js';
import { IMPORT_FIELDS, importFieldLabel, type ImportField } from '../../shared/people/import-fields.js';
import { loadConfig } from '../config.js';
import { errorReport, getImport, startImport, uploadImport } from '../modules/imports/index.js';
import type { AppContext } from '../platform/context.js';
import { openRelaisDatabase } from '../platform/db/bootstrap.js';
import { inOrg } from '../platform/db/database.js';
import { getJob, runJobNow } from '../platform/jobs/jobs.js';

// `npm run relais -- import FILE --org SLUG --legal-basis electoral_list`: imports a CSV file of
// people into an organization through the same service and job as the web wizard, running the job
// in this process and printing its progress. Works on the embedded database in ./data (when no
// Relais server is running on it) and on DATABASE_URL.

const USAGE = `Usage: npm run relais -- import FILE --org SLUG --legal-basis BASIS [options]

Imports a CSV file of people (UTF-8 or Windows-1252, separated by ; , or tab) into the
organization SLUG, in the database Relais is configured with (DATABASE_URL, or the embedded
server in ./data — stop the Relais server first, it holds that folder).

  --org SLUG            the organization's short name (as in its URL)
  --legal-basis BASIS   on what basis the campaign holds these people: ${LEGAL_BASES.join(', ')}
  --source TEXT         where the file comes from (default: the file's name)
  --mapping auto|FILE   auto (default): the proposed mapping; or a JSON file mapping headers to
                        fields, e.g. {"Prénom": "firstName", "Portable": "mobilePhone"}
  --tag NAME            a tag added to every imported person (repeatable)
  --errors FILE         write the error report (CSV) to FILE
  --chunk-rows N        lines per transaction (default 10000)
  --locale fr|en        language of the error report (default fr)
  --help                show this help

Fields: ${IMPORT_FIELDS.join(', ')}, custom`;

const say = (line: string) => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

interface ImportCommand {
  file: string;
  org: string;
  legalBasis: LegalBasis;
  source: string;
  mapping: string;
  tags: string[];
  errors: string | null;
  chunkRows: number | undefined;
  locale: 'fr' | 'en';
}

function parseCommandLine(): ImportCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>;
  const options = {
    org: { type: 'string' },
    'legal-basis': { type: 'string' },
    source: { type: 'string' },
    mapping: { type: 'string', default: 'auto' },
    tag: { type: 'string', multiple: true },
    errors: { type: 'string' },
    'chunk-rows': { type: 'string' },
    locale: { type: 'string', default: 'fr' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    say(USAGE);
    process.exit(0);
  }
  const [command, file, ...rest] = positionals;
  if (command !== 'import') fail(command === undefined ? 'Which command? Only "import" exists for now.' : `Unknown command "${command}".`);
  if (file === undefined || rest.length > 0) fail('Give exactly one file to import.');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`No such file: ${file}`);
  if (!values.org) fail('--org is required: the short name of the organization to import into.');
  const legalBasis = values['legal-basis'];
  if (!legalBasis) fail(`--legal-basis is required (the CNIL asks campaigns to prove it for the whole file): ${LEGAL_BASES.join(', ')}.`);
  if (!(LEGAL_BASES as readonly string[]).includes(legalBasis)) fail(`--legal-basis must be one of ${LEGAL_BASES.join(', ')}, got "${legalBasis}".`);
  const chunk = values['chunk-rows'];
  if (chunk !== undefined && !/^[1-9]\d{0,6}$/.test(chunk)) fail(`--chunk-rows must be a whole number, got "${chunk}".`);
  if (values.locale !== 'fr' && values.locale !== 'en') fail('--locale must be fr or en.');
  return {
    file,
    org: values.org,
    legalBasis: legalBasis as LegalBasis,
    source: values.source ?? path.basename(file),
    mapping: values.mapping,
    tags: values.tag ?? [],
    errors: values.errors ?? null,
    chunkRows: chunk === undefined ? undefined : Number(chunk),
    locale: values.locale,
  };
}

/** The organization's id, read as the owner: an organization is found by slug before acting for it. */
async function orgIdOf(ownerUrl: string, slug: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM organizations WHERE slug = $1', [slug]);
    return rows[0]?.id ?? null;
  } finally {
    await client.end();
  }
}

function mappingFrom(option: string, proposed: { column: number; header: string; field: ImportField | null }[]): ColumnMappingInput[] {
  if (option === 'auto') return proposed.map((c) => ({ column: c.column, field: c.field }));
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(option, 'utf8'));
  } catch (error) {
    fail(`--mapping: cannot read ${option} as JSON (${(error as Error).message}).`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('--mapping: expected an object {"header": "field"}.');
  const byHeader = json as Record<string, unknown>;
  return proposed.map((c) => {
    const field = byHeader[c.header];
    if (field === undefined) return { column: c.column, field: c.field };
    if (field === null || field === '') return { column: c.column, field: null };
    if (field === 'custom' || (IMPORT_FIELDS as readonly unknown[]).includes(field)) return { column: c.column, field: field as ImportField | 'custom' };
    fail(`--mapping: unknown field "${String(field)}" for column "${c.header}".`);
  });
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} kB`);

async function main(): Promise<void> {
  const command = parseCommandLine();
  const config = loadConfig();
  let opened;
  try {
    opened = await openRelaisDatabase(config, (line) => {
      if (!line.startsWith('postgres:')) say(line);
    });
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(
      message.includes('already running')
        ? `${message}\nStop it first, or import through its web wizard, or point DATABASE_URL at the database.\n`
        : `Cannot open the database: ${message}\n`,
    );
    process.exit(1);
  }
  const ctx: AppContext = { database: opened.database, secret: opened.secret, clock: () => new Date(), publicUrl: config.publicUrl ?? 'http://localhost' };
  try {
    const orgId = await orgIdOf(opened.database.ownerUrl, command.org);
    if (orgId === null) {
      process.stderr.write(`No organization with the short name "${command.org}".\n`);
      process.exitCode = 1;
      return;
    }
    const scope = { orgId, userId: null };
    const started = Date.now();
    const size = fs.statSync(command.file).size;
    say(`Uploading ${command.file} (${formatBytes(size)})…`);
    const uploaded = await uploadImport(ctx, scope, {
      fileName: path.basename(command.file),
      body: fs.createReadStream(command.file, { highWaterMark: 1024 * 1024 }),
    });
    const uploadSeconds = (Date.now() - started) / 1000;
    say(`Stored in ${uploadSeconds.toFixed(1)} s. Encoding: ${uploaded.encoding}, separator: ${JSON.stringify(uploaded.delimiter)}, ${uploaded.headers.length} columns.`);
    const mapping = mappingFrom(command.mapping, uploaded.proposedMapping);
    for (const entry of mapping) {
      const header = uploaded.headers[entry.column] ?? '';
      const target = entry.field === null ? '(ignored)' : entry.field === 'custom' ? 'custom field' : importFieldLabel(entry.field, command.locale);
      say(`  ${header.padEnd(40)} → ${target}`);
    }
    const import_ = await startImport(
      ctx,
      scope,
      uploaded.id,
      { mapping, legalBasis: command.legalBasis, dataSource: command.source, tags: command.tags },
      command.chunkRows ? { chunkRows: command.chunkRows } : {},
    );
    const jobId = import_.jobId!;
    const importStarted = Date.now();
    let lastShown = '';
    const show = async () => {
      const job = await inOrg(ctx.database.db, scope, (tx) => getJob(tx, orgId, jobId));
      const imp = await getImport(ctx, scope, uploaded.id);
      if (!job) return;
      const total = Number(job.progress_total ?? size);
      const percent = total > 0 ? Math.floor((Number(job.progress_done) / total) * 100) : 0;
      const seconds = (Date.now() - importStarted) / 1000;
      const line = `  ${String(percent).padStart(3)} %  ${imp.counts.rows.toLocaleString('fr-FR')} lines, ${Math.round(imp.counts.rows / Math.max(seconds, 0.001)).toLocaleString('fr-FR')} lines/s, ${formatBytes(process.memoryUsage().rss)} RSS`;
      if (line !== lastShown) say(line);
      lastShown = line;
    };
    const ticker = setInterval(() => void show().catch(() => {}), 2000);
    try {
      while (await runJobNow(ctx, orgId, jobId)) {
        const job = await inOrg(ctx.database.db, scope, (tx) => getJob(tx, orgId, jobId));
        if (job?.status === 'succeeded' || job?.status === 'failed') break;
        say(`  attempt failed (${job?.error ?? 'unknown error'}); retrying from the last committed line…`);
      }
    } finally {
      clearInterval(ticker);
    }
    const result = await getImport(ctx, scope, uploaded.id);
    const seconds = (Date.now() - importStarted) / 1000;
    const c = result.counts;
    say('');
    say(result.status === 'succeeded' ? 'Import finished.' : `Import ${result.status}: ${result.error ?? ''}`);
    say(`  lines read      ${c.rows}`);
    say(`  created         ${c.created}`);
    say(`  updated         ${c.updated}`);
    say(`  already there   ${c.unchanged}`);
    say(`  duplicates      ${c.duplicates} (same person as an earlier line)`);
    say(`  skipped         ${c.skipped}`);
    say(`  suppressed      ${c.suppressed} (erased objectors, never re-imported)`);
    say(`  with warnings   ${c.warnings}`);
    for (const m of result.mergeSample.slice(0, 5)) {
      say(`  merged: line ${m.line} → person #${m.personId} ${m.name} (by ${m.matchedBy}${m.sameAsLine ? `, line ${m.sameAsLine}` : ''})`);
    }
    say(`  time: upload ${uploadSeconds.toFixed(1)} s + import ${seconds.toFixed(1)} s = ${Math.round(c.rows / Math.max(seconds + uploadSeconds, 0.001))} lines/s; peak memory ${formatBytes(process.resourceUsage().maxRSS * 1024)}`);
    if (result.issueCount > 0) {
      if (command.errors) {
        const report = await errorReport(ctx, scope, uploaded.id, { locale: command.locale, delimiter: ';' });
        await pipeline(report.stream, fs.createWriteStream(command.errors));
        say(`  error report (${result.issueCount} lines): ${command.errors}`);
      } else {
        say(`  ${result.issueCount} problems: add --errors FILE to write the report, or download it from the import page (#${uploaded.id}).`);
      }
    }
    if (result.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await opened.close();
  }
}

await main();
