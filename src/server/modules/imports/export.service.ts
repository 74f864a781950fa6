import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/errors.js';
import type { PeopleExportQuery } from '../../../shared/contracts/imports.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, LEGAL_BASIS_LABELS, type ExportColumnKey } from '../../../shared/people/export-columns.js';
import { EVERYONE } from '../../../shared/people/filter.js';
import { supportLevelLabel, type SupportLevel } from '../../../shared/people/support-level.js';
import { selectPeople, selectionOf, type PeopleSelection } from '../lists/index.js';
import { csvExportStream, toCsvCell, type ExportColumn } from './csv-export.js';
import type { ImportScope } from './imports.service.js';

/** The audit log's name for a people export. */
export const EXPORT_AUDIT_ACTION = 'people.export';
const PAGE = 2000;

/**
 * Streams a CSV export of people (a list, a filter, or everyone) with the chosen columns, in
 * UTF-8 with a byte order mark, `;` or `,`: read from the database a page at a time as fast as
 * the client downloads, each cell neutralised against spreadsheet formulas (phones written so
 * they stay phones; see csv-export.ts). Recorded in the audit log before the first byte leaves,
 * with who, what selection and which columns, then completed with how many people were written.
 */
export async function exportPeople(
  ctx: AppContext,
  scope: ImportScope,
  query: PeopleExportQuery,
  locale: Locale,
): Promise<{ fileName: string; stream: Readable }> {
  const keys = query.columns ?? DEFAULT_EXPORT_COLUMNS;
  const { selection, auditId } = await inOrg(ctx.database.db, scope, async (tx) => {
    let selection: PeopleSelection = { filter: query.filter ?? EVERYONE };
    if (query.listId !== undefined) {
      const list = await tx
        .selectFrom('lists')
        .select(['id', 'kind', 'filter'])
        .where('org_id', '=', scope.orgId)
        .where('id', '=', query.listId)
        .executeTakeFirst();
      if (!list) throw notFound();
      const ofList = selectionOf({ kind: list.kind, id: list.id, filter: list.filter });
      selection = {
        filter: query.filter === undefined ? ofList.filter : { op: 'and', children: [ofList.filter, query.filter] },
        ...(ofList.staticListId !== undefined ? { staticListId: ofList.staticListId } : {}),
      };
    }
    const audit = await tx
      .insertInto('audit_log')
      .values({
        org_id: scope.orgId,
        user_id: scope.userId,
        action: EXPORT_AUDIT_ACTION,
        subject_type: query.listId !== undefined ? 'list' : 'people',
        subject_id: query.listId ?? null,
        details: JSON.stringify({ columns: keys, filter: query.filter ?? null, delimiter: query.delimiter, completed: false }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { selection, auditId: audit.id };
  });

  const columns: ExportColumn[] = keys.map((key) => ({ key, label: EXPORT_COLUMNS[key][locale], kind: EXPORT_COLUMNS[key].kind }));
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    let written = 0;
    let completed = false;
    try {
      let after = '0';
      for (;;) {
        const page = await inOrg(ctx.database.db, scope, (tx) => exportPage(tx, scope.orgId, selection, after, keys.includes('tags'), keys.includes('otherEmails') || keys.includes('otherPhones')));
        for (const row of page) {
          written++;
          yield presentRow(row, locale);
        }
        const last = page.at(-1);
        if (last === undefined || page.length < PAGE) break;
        after = last.id;
      }
      completed = true;
    } finally {
      await inOrg(ctx.database.db, scope, (tx) =>
        tx
          .updateTable('audit_log')
          .set({ details: sql`details || ${JSON.stringify({ count: written, completed })}::jsonb` })
          .where('org_id', '=', scope.orgId)
          .where('id', '=', auditId)
          .execute(),
      ).catch(() => {});
    }
  }
  const date = ctx.clock().toISOString().slice(0, 10);
  return {
    fileName: `${locale === 'fr' ? 'personnes' : 'people'}-${date}.csv`,
    stream: csvExportStream(rows(), columns, { delimiter: query.delimiter === 'comma' ? ',' : ';' }),
  };
}

function exportPage(tx: Parameters<typeof selectPeople>[0], orgId: string, selection: PeopleSelection, after: string, withTags: boolean, withOthers: boolean) {
  return selectPeople(tx, orgId, selection)
    .select([
      'p.id', 'p.external_id', 'p.first_name', 'p.last_name', 'p.email', 'p.mobile_e164', 'p.mobile_raw', 'p.phone_e164', 'p.phone_raw',
      'p.address_line1', 'p.address_line2', 'p.postal_code', 'p.city', 'p.commune_code', 'p.polling_station_code', 'p.constituency_code',
      'p.birth_date', 'p.support_level', 'p.is_volunteer', 'p.do_not_call', 'p.do_not_email', 'p.do_not_text', 'p.data_source',
      'p.legal_basis', 'p.created_at', 'p.last_contacted_at',
    ])
    .select((eb) =>
      (withTags
        ? eb
            .selectFrom('person_tags as pt')
            .innerJoin('tags as t', (join) => join.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id'))
            .select(sql<string | null>`string_agg(t.name, ', ' ORDER BY lower(t.name))`.as('names'))
            .whereRef('pt.org_id', '=', 'p.org_id')
            .whereRef('pt.person_id', '=', 'p.id')
        : sql<string | null>`NULL::text`
      ).as('tag_names'),
    )
    // Additional e-mails and phones (0019), in the order they were added, only when asked for.
    .select((eb) =>
      (withOthers
        ? sql<string[] | null>`(${eb.selectFrom('person_emails as pe').select(sql`array_agg(pe.email ORDER BY pe.id)`.as('a')).whereRef('pe.org_id', '=', 'p.org_id').whereRef('pe.person_id', '=', 'p.id')})`
        : sql<string[] | null>`NULL::text[]`
      ).as('other_emails'),
    )
    .select((eb) =>
      (withOthers
        ? sql<string[] | null>`(${eb
            .selectFrom('person_phones as pf')
            .select(sql`array_agg(coalesce(pf.e164, pf.raw) ORDER BY pf.id)`.as('a'))
            .whereRef('pf.org_id', '=', 'p.org_id')
            .whereRef('pf.person_id', '=', 'p.id')})`
        : sql<string[] | null>`NULL::text[]`
      ).as('other_phones'),
    )
    .where('p.id', '>', after)
    .orderBy('p.id')
    .limit(PAGE)
    .execute();
}

type ExportRow = Awaited<ReturnType<typeof exportPage>>[number];

function presentRow(row: ExportRow, locale: Locale): Record<ExportColumnKey, unknown> {
  const yesNo = (value: boolean) => (value ? (locale === 'fr' ? 'oui' : 'yes') : locale === 'fr' ? 'non' : 'no');
  return {
    id: row.id,
    externalId: row.external_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    // A valid number as the French dial it; an invalid one as it was typed (made safe as text).
    mobile: row.mobile_e164 ?? row.mobile_raw,
    phone: row.phone_e164 ?? row.phone_raw,
    otherEmails: row.other_emails?.join(', ') ?? null,
    otherPhones: row.other_phones?.map((number) => toCsvCell(number, 'phone')).join(', ') ?? null,
    address1: row.address_line1,
    address2: row.address_line2,
    postalCode: row.postal_code,
    city: row.city,
    communeCode: row.commune_code,
    pollingStation: row.polling_station_code,
    constituency: row.constituency_code,
    birthDate: row.birth_date,
    supportLevel: row.support_level,
    supportLevelLabel: row.support_level === null ? null : supportLevelLabel(row.support_level as SupportLevel, locale),
    tags: row.tag_names,
    isVolunteer: yesNo(row.is_volunteer),
    doNotCall: yesNo(row.do_not_call),
    doNotEmail: yesNo(row.do_not_email),
    doNotText: yesNo(row.do_not_text),
    dataSource: row.data_source,
    legalBasis: LEGAL_BASIS_LABELS[row.legal_basis]?.[locale] ?? row.legal_basis,
    createdAt: row.created_at,
    lastContactedAt: row.last_contacted_at,
  };
}
