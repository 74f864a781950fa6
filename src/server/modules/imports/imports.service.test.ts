import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { suppressionHash } from '../people/index.js';
import { cp1252 } from './csv-test-helpers.js';
import { importCsv, peopleOf } from './imports.test-helpers.js';
import { errorReport, getImport, startImport, uploadImport } from './imports.service.js';
import { Readable } from 'node:stream';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

async function freshOrg() {
  const { id } = await makeOrg(ctx);
  return { orgId: id, userId: null };
}

async function reportText(scope: { orgId: string; userId: null }, importId: string, locale: 'fr' | 'en') {
  const { stream } = await errorReport(ctx, scope, importId, { locale, delimiter: ';' });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('importing a CSV file of people', () => {
  it('reads a UTF-8 file with a BOM, `;`, French labels and quoted line breaks', async () => {
    const scope = await freshOrg();
    const file =
      '\ufeffPrénom;Nom;Portable;E-mail;Niveau de soutien;Adresse;Étiquettes\r\n' +
      'Anne;Dupont;06 12 34 56 78;Anne.Dupont@Example.FR;soutien fort;"12 rue des Lilas\r\nBâtiment B";tractage, porte-à-porte\r\n' +
      'Éric;Martin;+33 6 98 76 54 32;;indécis;;bénévole|tractage\r\n';
    const result = await importCsv(ctx, scope, file, { tags: ['Fichier mars'] });
    expect(result.status).toBe('succeeded');
    expect(result.counts).toMatchObject({ rows: 2, created: 2, skipped: 0, updated: 0 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people).toHaveLength(2);
    expect(people[0]).toMatchObject({
      first_name: 'Anne',
      last_name: 'Dupont',
      email: 'anne.dupont@example.fr',
      mobile_e164: '+33612345678',
      mobile_raw: '06 12 34 56 78',
      mobile_valid: true,
      support_level: 1,
      address_line1: '12 rue des Lilas Bâtiment B',
      legal_basis: 'consent',
      data_source: 'test file',
    });
    expect(people[0]!.tags).toEqual(['Fichier mars', 'porte-à-porte', 'tractage']);
    expect(people[1]).toMatchObject({ first_name: 'Éric', mobile_e164: '+33698765432', support_level: 3, email: null });
    expect(people[1]!.tags).toEqual(['Fichier mars', 'bénévole', 'tractage']);
  });

  it('reads a Windows-1252 file as saved by a French Excel', async () => {
    const scope = await freshOrg();
    const file = cp1252('Nom;Prénom;Téléphone;Commune\r\nLefèvre;Hélène;01 45 67 89 01;Saint-Étienne\r\nŒuvray;François;0692 12 34 56;Saint-Denis\r\n');
    const result = await importCsv(ctx, scope, file);
    expect(result.counts.created).toBe(2);
    const people = await peopleOf(ctx, scope.orgId);
    expect(people.map((p) => [p.first_name, p.last_name, p.city])).toEqual([
      ['Hélène', 'Lefèvre', 'Saint-Étienne'],
      ['François', 'Œuvray', 'Saint-Denis'],
    ]);
    expect(people[0]).toMatchObject({ phone_e164: '+33145678901', phone_valid: true, mobile_e164: null });
    // La Réunion's mobile, typed the French way, lands in the mobile slot.
    expect(people[1]).toMatchObject({ mobile_e164: '+262692123456', mobile_valid: true });
  });

  it('skips ragged rows and lists them with their line and reason, in French and English', async () => {
    const scope = await freshOrg();
    const file = 'prenom,nom,email\nAnne,Dupont,anne@example.fr\nBruno,Durand\nCélia,Petit,celia@example.fr,en trop\nDenis,Moreau,denis@example.fr,,\n,,\n';
    const result = await importCsv(ctx, scope, file);
    expect(result.counts).toMatchObject({ rows: 5, created: 2, skipped: 3 });
    expect(result.issueCount).toBe(3);
    const fr = await reportText(scope, result.id, 'fr');
    expect(fr.startsWith('\ufeffLigne;Résultat;Colonne;Valeur;Raison\r\n')).toBe(true);
    expect(fr).toContain("3;Ligne ignorée;;;La ligne a 2 colonnes alors que l'en-tête en a 3");
    expect(fr).toContain("4;Ligne ignorée;;;La ligne a 4 colonnes alors que l'en-tête en a 3");
    expect(fr).toContain('6;Ligne ignorée;;;Ni nom, ni e-mail, ni téléphone, ni identifiant');
    const en = await reportText(scope, result.id, 'en');
    expect(en).toContain('3;Line skipped;;;The line has 2 columns where the header has 3');
    // Extra empty cells at the end of a line are not held against it.
    expect((await peopleOf(ctx, scope.orgId)).map((p) => p.first_name)).toEqual(['Anne', 'Denis']);
  });

  it('keeps an invalid phone as written, flagged invalid, and reports it as a warning', async () => {
    const scope = await freshOrg();
    const file = 'Prénom;Nom;Portable;Date de naissance;Soutien\nAnne;Dupont;6 12 34 56 78;31/02/1980;plutôt contre\nBruno;Durand;06 12 34;17/05/1980;2\n';
    const result = await importCsv(ctx, scope, file);
    expect(result.counts).toMatchObject({ created: 2, skipped: 0, warnings: 2 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people[0]).toMatchObject({ mobile_raw: '6 12 34 56 78', mobile_valid: false, mobile_e164: null, birth_date: null, support_level: 4 });
    expect(people[1]).toMatchObject({ mobile_raw: '06 12 34', mobile_valid: false, birth_date: '1980-05-17', support_level: 2 });
    const fr = await reportText(scope, result.id, 'fr');
    expect(fr).toContain('2;Importée sans cette valeur;Portable;6 12 34 56 78;Numéro de téléphone non valide');
    expect(fr).toContain('2;Importée sans cette valeur;Date de naissance;31/02/1980;Date non reconnue');
    expect(fr).toContain('3;Importée sans cette valeur;Portable;06 12 34;');
  });

  it('merges duplicates within the file and says what it merged', async () => {
    const scope = await freshOrg();
    const file = [
      'prenom;nom;email;telephone;tags',
      'Anne;Dupont;anne@example.fr;;a',
      'Anne;;ANNE@example.FR;06 12 34 56 78;b',
      'Jean;Martin;;01 45 67 89 01;',
      'Marie;Martin;;01 45 67 89 01;',
      'jean;Martin;jean@example.fr;01.45.67.89.01;',
    ].join('\n');
    const result = await importCsv(ctx, scope, file);
    expect(result.counts).toMatchObject({ rows: 5, created: 3, duplicates: 2 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people.map((p) => [p.first_name, p.last_name, p.email, p.mobile_e164 ?? p.phone_e164, p.tags])).toEqual([
      ['Anne', 'Dupont', 'anne@example.fr', '+33612345678', ['a', 'b']],
      // A household's shared landline: Jean and Marie stay two people.
      // A later line of the same person wins what it fills, as it would from a later chunk.
      ['jean', 'Martin', 'jean@example.fr', '+33145678901', []],
      ['Marie', 'Martin', null, '+33145678901', []],
    ]);
    expect(result.mergeSample).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, matchedBy: 'file', sameAsLine: 2 }),
        expect.objectContaining({ line: 6, matchedBy: 'file', sameAsLine: 4 }),
      ]),
    );
  });

  it('finds duplicates across chunks without creating anyone twice', async () => {
    const scope = await freshOrg();
    const lines = ['prenom;nom;email'];
    for (let i = 0; i < 10; i++) lines.push(`P${i};N${i};p${i}@example.fr`);
    for (let i = 0; i < 10; i += 3) lines.push(`P${i};;P${i}@EXAMPLE.fr`);
    const result = await importCsv(ctx, scope, lines.join('\n'), { chunkRows: 3 });
    expect(result.counts).toMatchObject({ rows: 14, created: 10, duplicates: 4, updated: 0, unchanged: 0 });
    expect(await peopleOf(ctx, scope.orgId)).toHaveLength(10);
  });

  it('sees the previous chunk, merged beside it, for every identifier a line shares with it', async () => {
    // One line a chunk: each chunk is staged (and its unrelated lines inserted) while the one
    // before it is still being merged; a line sharing an e-mail, a number or an id with it waits.
    const file = [
      'first_name,last_name,email,mobile_number,external_id,primary_city,tags',
      'Anne,Dupont,anne@exemple.fr,,,Lyon,a',
      'Anne,,ANNE@exemple.fr,06 12 34 56 78,,Paris,b',
      'anne,Dupont,,+33612345678,,,c',
      'Bruno,Martin,,,NB-7,Nantes,',
      'Bruno,,bruno@exemple.fr,,NB-7,,d',
      'Chloé,Petit,chloe@exemple.fr,07 81 22 33 44,,Brest,',
      'Chloé,Autre,,07 81 22 33 44,NB-9,,',
    ].join('\n');
    const scope = await freshOrg();
    const result = await importCsv(ctx, scope, file, { chunkRows: 1 });
    expect(result.counts).toMatchObject({ rows: 7, created: 3, duplicates: 4, updated: 0 });
    const people = await peopleOf(ctx, scope.orgId);
    // The later lines win what they fill, each seeing the person as the line before left them.
    expect(people.map((p) => [p.first_name, p.last_name, p.email, p.mobile_e164, p.external_id, p.city, p.tags.join()])).toEqual([
      ['anne', 'Dupont', 'anne@exemple.fr', '+33612345678', null, 'Paris', 'a,b,c'],
      ['Bruno', 'Martin', 'bruno@exemple.fr', null, 'NB-7', 'Nantes', 'd'],
      ['Chloé', 'Autre', 'chloe@exemple.fr', '+33781223344', 'NB-9', 'Brest', ''],
    ]);
  });

  it('keeps the order of the file when a line held for the previous chunk is someone new', async () => {
    // Line 4 shares Anne's landline, so it waits for the chunk before; Bruno is not Anne: he is new,
    // inserted after line 5, which shares nothing.
    const file = ['prenom;nom;telephone', 'Anne;Dupont;01 45 67 89 01', 'Zoé;Martin;01 45 67 89 02', 'Bruno;Dupont;01 45 67 89 01', 'Chloé;Petit;01 45 67 89 03'].join('\n');
    const scope = await freshOrg();
    const result = await importCsv(ctx, scope, file, { chunkRows: 2 });
    expect(result.status).toBe('succeeded');
    expect(result.counts).toMatchObject({ rows: 4, created: 4, duplicates: 0 });
    expect((await peopleOf(ctx, scope.orgId)).map((p) => p.first_name).sort()).toEqual(['Anne', 'Bruno', 'Chloé', 'Zoé']);
  });

  it('writes the later line when the previous chunk changed the same stored person through another key', async () => {
    // Line 3 shares nothing with line 2, so it is matched (by external id) while line 2's chunk is
    // still being merged, and finds Anne in Lyon, as it would leave her; line 2 then moves her to
    // Paris. Line 3 comes later in the file: Anne must end in Lyon.
    const scope = await freshOrg();
    await inOrg(ctx.database.db, scope, (tx) =>
      tx
        .insertInto('people')
        .values({ org_id: scope.orgId, external_id: 'NB-1', first_name: 'Anne', last_name: 'Dupont', email: 'anne@exemple.fr', city: 'Lyon', legal_basis: 'member', custom_fields: '{}', updated_at: new Date() })
        .execute(),
    );
    const file = ['external_id,first_name,email,primary_city', ',Anne,anne@exemple.fr,Paris', 'NB-1,Anne,,Lyon', ',Zoé,zoe@exemple.fr,Brest'].join('\n');
    const result = await importCsv(ctx, scope, file, { chunkRows: 1 });
    expect(result.counts).toMatchObject({ rows: 3, created: 1, updated: 2, unchanged: 0 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people.map((p) => [p.first_name, p.external_id, p.city])).toEqual([
      ['Anne', 'NB-1', 'Lyon'],
      ['Zoé', null, 'Brest'],
    ]);
  });

  it('merges into existing people by external id, then e-mail, then phone, filling and never erasing', async () => {
    const scope = await freshOrg();
    await inOrg(ctx.database.db, scope, (tx) =>
      tx
        .insertInto('people')
        .values([
          { org_id: scope.orgId, external_id: 'NB-1', first_name: 'Anne', last_name: 'Dupont', legal_basis: 'member', data_source: 'adhérents', city: 'Lyon', custom_fields: '{}', updated_at: new Date() },
          { org_id: scope.orgId, first_name: 'Bruno', last_name: 'Durand', email: 'Bruno@Example.fr', legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() },
          { org_id: scope.orgId, first_name: 'Célia', last_name: 'Petit', mobile_e164: '+33612345678', mobile_raw: '0612345678', mobile_valid: true, legal_basis: 'consent', custom_fields: '{}', do_not_call: true, updated_at: new Date() },
        ])
        .execute(),
    );
    const file = [
      'external_id,first_name,last_name,email,mobile_number,primary_city,support_level,do_not_call',
      'NB-1,Anne,Dupont-Leroy,,,,2,',
      ',Bruno,,bruno@example.fr,07 81 22 33 44,Paris,,',
      ',célia,Petit,,+33612345678,,5,false',
      ',Célia,Autre,,0698765432,,,',
    ].join('\n');
    const result = await importCsv(ctx, scope, file, { legalBasis: 'electoral_list' });
    expect(result.counts).toMatchObject({ rows: 4, created: 1, updated: 3 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people[0]).toMatchObject({ last_name: 'Dupont-Leroy', city: 'Lyon', support_level: 2, legal_basis: 'member', data_source: 'adhérents' });
    expect(people[1]).toMatchObject({ last_name: 'Durand', city: 'Paris', mobile_e164: '+33781223344', email: 'bruno@example.fr' });
    // "false" in do_not_call never clears an objection.
    expect(people[2]).toMatchObject({ first_name: 'célia', support_level: 5, do_not_call: true });
    expect(people[3]).toMatchObject({ first_name: 'Célia', last_name: 'Autre', legal_basis: 'electoral_list' });
    expect(result.mergeSample.map((m) => m.matchedBy)).toEqual(['external_id', 'email', 'phone']);
  });

  it('merges two lines that find the same stored person by different keys into them, one after the other', async () => {
    const scope = await freshOrg();
    await inOrg(ctx.database.db, scope, (tx) =>
      tx
        .insertInto('people')
        .values({ org_id: scope.orgId, first_name: 'Anne', last_name: 'Dupont', email: 'anne@exemple.fr', mobile_e164: '+33612345678', mobile_raw: '0612345678', mobile_valid: true, city: 'Lyon', legal_basis: 'member', custom_fields: '{}', updated_at: new Date() })
        .execute(),
    );
    // Nothing in the file ties lines 2 and 3 together; the stored Anne has both their keys.
    const file = ['prenom;nom;email;portable;ville;tags', 'Anne;;anne@exemple.fr;;Paris;a', 'Anne;Dupont-Leroy;;06 12 34 56 78;;b', 'Zoé;Martin;zoe@exemple.fr;;;'].join('\n');
    const result = await importCsv(ctx, scope, file);
    expect(result.counts).toMatchObject({ rows: 3, created: 1, updated: 1, duplicates: 1, unchanged: 0 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people.map((p) => [p.first_name, p.last_name, p.city, p.legal_basis, p.tags])).toEqual([
      ['Anne', 'Dupont-Leroy', 'Paris', 'member', ['a', 'b']],
      ['Zoé', 'Martin', null, 'consent', []],
    ]);
    expect(result.mergeSample.map((m) => [m.line, m.matchedBy, m.personId])).toEqual([
      [2, 'email', String(people[0]!.id)],
      [3, 'phone', String(people[0]!.id)],
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const scope = await freshOrg();
    const file = 'prenom;nom;email;portable;tags\nAnne;Dupont;anne@example.fr;0612345678;x\nBruno;Durand;;0798765432;y|z\n';
    await importCsv(ctx, scope, file, { tags: ['t'] });
    const before = await peopleOf(ctx, scope.orgId);
    const again = await importCsv(ctx, scope, file, { tags: ['t'] });
    expect(again.counts).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await peopleOf(ctx, scope.orgId)).toEqual(before);
  });

  it('never re-imports an erased objector', async () => {
    const scope = await freshOrg();
    await inOrg(ctx.database.db, scope, (tx) =>
      tx
        .insertInto('suppressions')
        .values([
          { org_id: scope.orgId, kind: 'phone', value_hash: suppressionHash(ctx.secret, 'phone', '+33612345678')! },
          { org_id: scope.orgId, kind: 'email', value_hash: suppressionHash(ctx.secret, 'email', 'gone@example.fr')! },
        ])
        .execute(),
    );
    const file = 'prenom;nom;email;portable\nAnne;Dupont;;06.12.34.56.78\nBruno;Durand;GONE@example.fr;\nCélia;Petit;celia@example.fr;07 81 22 33 44\n';
    const result = await importCsv(ctx, scope, file);
    expect(result.counts).toMatchObject({ rows: 3, created: 1, suppressed: 2 });
    expect((await peopleOf(ctx, scope.orgId)).map((p) => p.first_name)).toEqual(['Célia']);
    const report = await reportText(scope, result.id, 'fr');
    expect(report).toContain("2;Ligne ignorée;;;Cette personne a demandé à ne plus être contactée");
    expect(report).not.toContain('06.12.34.56.78');
  });

  it('keeps second e-mails and phones, and recognises people by any of their e-mails and numbers', async () => {
    const scope = await freshOrg();
    const first = await importCsv(
      ctx,
      scope,
      'first_name,last_name,email,email2,email3,phone_number,mobile_number,work_phone_number\n' +
        'Anne,Dupont,anne@exemple.fr,Anne.Pro@Bureau.FR,,01 45 67 89 01,06 12 34 56 78,04 78 12 34 56\n' +
        'Bruno,Martin,,bruno@exemple.fr,bruno@exemple.fr,,07 81 22 33 44,\n',
      { chunkRows: 1 },
    );
    expect(first.counts).toMatchObject({ created: 2 });
    const extras = () =>
      inOrg(ctx.database.db, { orgId: scope.orgId }, async (tx) => ({
        emails: (await tx.selectFrom('person_emails').select(['person_id', 'email']).where('org_id', '=', scope.orgId).orderBy('id').execute()).map((r) => r.email),
        phones: (await tx.selectFrom('person_phones').select(['e164', 'kind', 'valid']).where('org_id', '=', scope.orgId).orderBy('id').execute()),
      }));
    // Bruno's only address, in the second column, becomes his primary one; Anne's work number, with
    // both primary slots taken, an additional phone.
    const people = await peopleOf(ctx, scope.orgId);
    expect(people.map((p) => [p.first_name, p.email, p.mobile_e164, p.phone_e164])).toEqual([
      ['Anne', 'anne@exemple.fr', '+33612345678', '+33145678901'],
      ['Bruno', 'bruno@exemple.fr', '+33781223344', null],
    ]);
    expect(await extras()).toEqual({ emails: ['anne.pro@bureau.fr'], phones: [{ e164: '+33478123456', kind: 'landline', valid: true }] });

    // A later file knows Anne by her work address only, and Bruno by a new number beside his e-mail:
    // both are merged, not created, and the new values are added.
    const second = await importCsv(
      ctx,
      scope,
      'Prénom;Nom;E-mail;Téléphone;Téléphone 2\n' + 'Anne;Dupont;ANNE.PRO@bureau.fr;;\n' + 'Bruno;Martin;bruno@exemple.fr;04 78 12 34 56;05 56 00 00 00\n' + 'Chloé;Petit;;04 78 12 34 56;\n',
    );
    expect(second.counts).toMatchObject({ created: 1, rows: 3 });
    expect(second.mergeSample).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Anne Dupont', matchedBy: 'email' }), expect.objectContaining({ name: 'Bruno Martin', matchedBy: 'email' })]),
    );
    const after = await peopleOf(ctx, scope.orgId);
    expect(after.map((p) => p.first_name)).toEqual(['Anne', 'Bruno', 'Chloé']);
    // Chloé shares Anne's work landline but not her first name: a new person, as for primary numbers.
    expect(after.map((p) => [p.first_name, p.phone_e164])).toEqual([
      ['Anne', '+33145678901'],
      ['Bruno', '+33478123456'],
      ['Chloé', '+33478123456'],
    ]);
    expect((await extras()).phones.map((p) => p.e164)).toEqual(['+33478123456', '+33556000000']);

    // The same file again changes nothing.
    const again = await importCsv(ctx, scope, 'Prénom;Nom;E-mail;Téléphone;Téléphone 2\n' + 'Bruno;Martin;bruno@exemple.fr;04 78 12 34 56;05 56 00 00 00\n');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect((await extras()).phones).toHaveLength(2);
  });

  it('never re-imports an erased objector known by an additional e-mail or phone', async () => {
    const scope = await freshOrg();
    await inOrg(ctx.database.db, { orgId: scope.orgId }, async (tx) => {
      await tx
        .insertInto('suppressions')
        .values([
          { org_id: scope.orgId, kind: 'email', value_hash: suppressionHash(ctx.secret, 'email', 'objecteur.pro@bureau.fr')!, reason: 'objection' },
          { org_id: scope.orgId, kind: 'phone', value_hash: suppressionHash(ctx.secret, 'phone', '0478999999')!, reason: 'objection' },
        ])
        .execute();
    });
    const result = await importCsv(ctx, scope, 'Nom;Email;Email 2;Téléphone;Téléphone 2;Téléphone 3\nObjecteur;o@exemple.fr;objecteur.pro@bureau.fr;;;\nAutre;a@exemple.fr;;01 45 67 89 01;06 12 34 56 78;04 78 99 99 99\nLibre;l@exemple.fr;;;;\n');
    expect(result.counts).toMatchObject({ created: 1, suppressed: 2 });
    expect((await peopleOf(ctx, scope.orgId)).map((p) => p.last_name)).toEqual(['Libre']);
  });

  it('imports the columns of an electoral list extract (REU)', async () => {
    const scope = await freshOrg();
    const header = [
      'Code du département', 'Code de la commune', 'Libellé de la commune', 'Code du bureau de vote', 'Libellé du bureau de vote',
      "Numéro d'ordre dans le bureau de vote", 'Nom de naissance', "Nom d'usage", 'Prénoms', 'Sexe', 'Date de naissance',
      'Numéro de voie', 'Type et libellé de voie', 'Complément 1', 'Code postal', 'Commune', 'Identifiant national électeur',
    ].join(';');
    const rows = [
      '01;1053;Bourg-en-Bresse;0004;École Jean Moulin;12;MARTIN;;Jeanne Marie;F;03/04/1951;5;RUE DES ÉCOLES;Appt 3;1000;BOURG-EN-BRESSE;123456789',
      '01;1053;Bourg-en-Bresse;0004;École Jean Moulin;13;DURAND;LEROY;Paul;M;1960-12-01;;AVENUE JEAN JAURÈS;;01000;BOURG-EN-BRESSE;987654321',
    ];
    const result = await importCsv(ctx, scope, [header, ...rows].join('\r\n'), { legalBasis: 'electoral_list', dataSource: 'liste électorale 2026' });
    expect(result.counts).toMatchObject({ created: 2, skipped: 0, warnings: 0 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people[0]).toMatchObject({
      external_id: 'ine:123456789',
      first_name: 'Jeanne Marie',
      last_name: 'MARTIN',
      birth_date: '1951-04-03',
      address_line1: '5 RUE DES ÉCOLES',
      address_line2: 'Appt 3',
      postal_code: '01000',
      city: 'BOURG-EN-BRESSE',
      commune_code: '01053',
      polling_station_code: '0004',
      legal_basis: 'electoral_list',
      data_source: 'liste électorale 2026',
    });
    expect(people[0]!.custom_fields).toMatchObject({ ine: '123456789', birth_name: 'MARTIN', polling_station_name: 'École Jean Moulin', voter_list_number: '12' });
    expect(people[1]).toMatchObject({ last_name: 'LEROY', birth_date: '1960-12-01', address_line1: 'AVENUE JEAN JAURÈS' });
  });

  it('imports a NationBuilder export', async () => {
    const scope = await freshOrg();
    const file = [
      'nationbuilder_id,first_name,last_name,email,phone_number,mobile_number,primary_address1,primary_city,primary_zip,support_level,tag_list,is_volunteer,email_opt_in,do_not_call,born_at',
      '101,Alice,Bernard,alice@example.org,01 23 45 67 89,06 11 22 33 44,3 place Bellecour,Lyon,69002,2,"phonebank, donor",true,false,false,1985-07-14',
      '102,Bob,Carré,,,,,,,5,,false,,true,',
    ].join('\n');
    const result = await importCsv(ctx, scope, file);
    expect(result.counts).toMatchObject({ created: 2, skipped: 0 });
    const people = await peopleOf(ctx, scope.orgId);
    expect(people[0]).toMatchObject({
      external_id: '101',
      phone_e164: '+33123456789',
      mobile_e164: '+33611223344',
      postal_code: '69002',
      support_level: 2,
      is_volunteer: true,
      do_not_call: false,
      birth_date: '1985-07-14',
    });
    expect(people[0]!.custom_fields).toMatchObject({ email_opt_in: false });
    expect(people[0]!.tags).toEqual(['donor', 'phonebank']);
    expect(people[1]).toMatchObject({ external_id: '102', support_level: 5, do_not_call: true, do_not_call_reason: expect.stringMatching(/^import #/) });
  });

  it("gives the tags it adds the person's support level, for new and for matched people", async () => {
    const scope = await freshOrg();
    const header = 'nationbuilder_id,first_name,last_name,support_level,tag_list';
    await importCsv(ctx, scope, [header, '201,Alice,Bernard,2,"phonebank, donor"', '202,Bob,Carré,,donor', '203,Chloé,Dupuis,4,', '204,Denis,Petit,,donor'].join('\n'));
    // Again: Alice's level changes, Bob gets a level and a tag, Chloé gets a tag, at level 4 still.
    await importCsv(ctx, scope, [header, '201,Alice,Bernard,1,canvass', '202,Bob,Carré,3,phonebank', '203,Chloé,Dupuis,,canvass'].join('\n'));
    const rows = await inOrg(ctx.database.db, { orgId: scope.orgId }, (tx) =>
      tx
        .selectFrom('person_tags as pt')
        .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'pt.org_id').onRef('p.id', '=', 'pt.person_id'))
        .innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id'))
        .select(['p.first_name', 't.name', 'pt.support_level'])
        .where('pt.org_id', '=', scope.orgId)
        .orderBy('p.first_name')
        .orderBy('t.name')
        .execute(),
    );
    expect(rows.map((r) => [r.first_name, r.name, r.support_level])).toEqual([
      ['Alice', 'canvass', 1],
      ['Alice', 'donor', 1],
      ['Alice', 'phonebank', 1],
      ['Bob', 'donor', 3],
      ['Bob', 'phonebank', 3],
      ['Chloé', 'canvass', 4],
      // No level: kept as 0 on the tag.
      ['Denis', 'donor', 0],
    ]);
  });

  it("writes new people's search text exactly as the database would fold it", async () => {
    const scope = await freshOrg();
    const file = [
      'prenom;nom;email;portable;telephone',
      'Hélène;LEFÈVRE;Helene.Lefevre@Exemple.FR;06 12 34 56 78;',
      'Ñuñez;Œuvray-Zoë;;;01 45 67 89 01',
      ';ÇA VA | ÀÉÎÕÜ;;0612;',
      'Ÿvonne;;ÿ@exemple.fr;;',
    ].join('\n');
    await importCsv(ctx, scope, file);
    const { rows } = await inOrg(ctx.database.db, scope, (tx) =>
      sql<{ first_name: string; stored: string; folded: string }>`
        SELECT first_name, search_text AS stored, relais_person_search_text(first_name, last_name, email, mobile_e164, phone_e164) AS folded
          FROM people WHERE org_id = ${scope.orgId} ORDER BY id`.execute(tx),
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.stored).toBe(row.folded);
    expect(rows[0]!.stored).toBe('helene lefevre helene.lefevre@exemple.fr |+33612345678| ||');
    // Any other write computes it in the database: a renamed person is found by the new name.
    await inOrg(ctx.database.db, scope, (tx) => tx.updateTable('people').set({ last_name: 'Ñoël' }).where('org_id', '=', scope.orgId).where('first_name', '=', 'Hélène').execute());
    const renamed = await inOrg(ctx.database.db, scope, (tx) => tx.selectFrom('people').select('search_text').where('org_id', '=', scope.orgId).where('first_name', '=', 'Hélène').executeTakeFirstOrThrow());
    expect(renamed.search_text).toBe('helene noel helene.lefevre@exemple.fr |+33612345678| ||');
  });

  it('gives new people the same search text when they come after people already there', async () => {
    const scope = await freshOrg();
    const header = 'prenom;nom;email;portable';
    const known = ['Anne;Martin;anne@exemple.fr;06 11 11 11 11', 'Bruno;Petit;bruno@exemple.fr;06 22 22 22 22'];
    await importCsv(ctx, scope, [header, ...known].join('\n'));
    // One line a chunk: the known lines make the import expect people already there, and leave
    // the folding of the new ones that follow to the database.
    const result = await importCsv(ctx, scope, [header, ...known, 'Hélène;LEFÈVRE;Helene.Lefevre@Exemple.FR;06 12 34 56 78', 'Œdipe;Zoë;;01 45 67 89 01'].join('\n'), { chunkRows: 1 });
    expect(result.counts).toMatchObject({ created: 2, unchanged: 2 });
    const { rows } = await inOrg(ctx.database.db, scope, (tx) =>
      sql<{ stored: string; folded: string }>`
        SELECT search_text AS stored, relais_person_search_text(first_name, last_name, email, mobile_e164, phone_e164) AS folded
          FROM people WHERE org_id = ${scope.orgId} ORDER BY id`.execute(tx),
    );
    expect(rows.map((r) => r.stored)).toEqual(rows.map((r) => r.folded));
    expect(rows[2]!.stored).toBe('helene lefevre helene.lefevre@exemple.fr |+33612345678| ||');
  });

  it('refuses a mapping that names no one, and refuses to start twice', async () => {
    const scope = await freshOrg();
    const uploaded = await uploadImport(ctx, scope, { fileName: 'x.csv', body: Readable.from([Buffer.from('ville;cp\nLyon;69001\n')]) });
    const start = { mapping: [{ column: 0, field: 'city' as const }, { column: 1, field: 'postalCode' as const }], legalBasis: 'consent' as const, dataSource: 'x', tags: [] };
    await expect(startImport(ctx, scope, uploaded.id, start)).rejects.toMatchObject({ code: 'validation_failed', fields: [{ path: 'mapping', message: 'validation:mapping_no_identity' }] });
    const ok = { ...start, mapping: [{ column: 0, field: 'lastName' as const }, { column: 1, field: 'lastName' as const }] };
    await expect(startImport(ctx, scope, uploaded.id, ok)).rejects.toMatchObject({ fields: [{ path: 'mapping.1.field', message: 'validation:mapping_duplicate' }] });
    await startImport(ctx, scope, uploaded.id, { ...ok, mapping: [{ column: 0, field: 'lastName' }] });
    await expect(startImport(ctx, scope, uploaded.id, ok)).rejects.toMatchObject({ code: 'import_already_started' });
  });

  it('refuses an empty file and a spreadsheet that is not CSV', async () => {
    const scope = await freshOrg();
    await expect(uploadImport(ctx, scope, { fileName: 'x.csv', body: Readable.from([]) })).rejects.toMatchObject({ code: 'import_file_empty' });
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]);
    await expect(uploadImport(ctx, scope, { fileName: 'x.xlsx', body: Readable.from([xlsx]) })).rejects.toMatchObject({ code: 'import_file_unreadable' });
    expect(await inOrg(ctx.database.db, scope, (tx) => tx.selectFrom('imports').select('id').execute())).toEqual([]);
  });

  it('stops at a quote that is never closed, keeps what came before and says where', async () => {
    const scope = await freshOrg();
    const result = await importCsv(ctx, scope, 'nom;prenom\nDupont;Anne\nDurand;"Bruno\nPetit;Célia\n');
    expect(result.status).toBe('succeeded');
    expect(result.counts).toMatchObject({ created: 1 });
    expect(await reportText(scope, result.id, 'fr')).toContain("3;Ligne ignorée;;;Le fichier ne peut pas être lu au-delà de cette ligne (un guillemet n'est jamais fermé)");
    expect((await getImport(ctx, scope, result.id)).sample).toEqual([]);
  });
});
