import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, normalizeHeader, proposeMapping } from './csv-mapping.js';
import type { ImportField } from './csv-mapping.js';
import { importFieldLabel } from '../../../shared/people/import-fields.js';

function fieldsOf(headers: string[]): Record<string, ImportField | null> {
  return Object.fromEntries(proposeMapping(headers).map((c) => [c.header, c.field]));
}

describe('proposeMapping', () => {
  it('maps the columns of an electoral list extract (REU) when a town hall sent one', () => {
    const headers = [
      'Code du département', 'Libellé du département', 'Code de la commune', 'Libellé de la commune',
      'Code du bureau de vote', 'Libellé du bureau de vote', "Numéro d'ordre dans le bureau de vote",
      'Nom de naissance', "Nom d'usage", 'Prénoms', 'Sexe', 'Date de naissance',
      'Code du département de naissance', 'Libellé de la commune de naissance', 'Code du pays de naissance',
      'Nationalité', 'Numéro de voie', 'Type et libellé de voie', 'Complément 1', 'Complément 2',
      'Lieu-dit', 'Adresse', 'Code postal', 'Commune', 'Pays', 'Identifiant national électeur',
    ];
    expect(fieldsOf(headers)).toEqual({
      'Code du département': null,
      'Libellé du département': null,
      'Code de la commune': 'inseeCode',
      'Libellé de la commune': null,
      'Code du bureau de vote': 'pollingStation',
      'Libellé du bureau de vote': 'pollingStationName',
      "Numéro d'ordre dans le bureau de vote": 'voterListNumber',
      'Nom de naissance': 'birthName',
      "Nom d'usage": 'lastName',
      'Prénoms': 'firstName',
      'Sexe': null,
      'Date de naissance': 'birthDate',
      'Code du département de naissance': 'birthDepartment',
      'Libellé de la commune de naissance': 'birthPlace',
      'Code du pays de naissance': null,
      'Nationalité': null,
      'Numéro de voie': 'streetNumber',
      'Type et libellé de voie': 'streetName',
      'Complément 1': 'address2',
      'Complément 2': 'address3',
      'Lieu-dit': null,
      'Adresse': 'address1',
      'Code postal': 'postalCode',
      'Commune': 'city',
      'Pays': null,
      'Identifiant national électeur': 'voterId',
    });
  });

  it('maps the columns of a NationBuilder people export when a campaign leaves NationBuilder', () => {
    const headers = [
      'nationbuilder_id', 'external_id', 'first_name', 'middle_name', 'last_name', 'email', 'email1', 'email2', 'email3',
      'phone_number', 'mobile_number', 'work_phone_number', 'fax_number', 'primary_address1',
      'primary_address2', 'primary_address3', 'primary_city', 'primary_state', 'primary_zip',
      'registered_address1', 'registered_zip', 'support_level', 'tag_list', 'is_volunteer',
      'email_opt_in', 'mobile_opt_in', 'do_not_call', 'do_not_contact', 'born_at', 'created_at',
      'precinct_name',
    ];
    expect(fieldsOf(headers)).toEqual({
      nationbuilder_id: 'externalId',
      external_id: null,
      first_name: 'firstName',
      middle_name: null,
      last_name: 'lastName',
      email: 'email',
      email1: 'email',
      email2: 'email',
      email3: 'email',
      phone_number: 'phone',
      mobile_number: 'mobilePhone',
      work_phone_number: 'workPhone',
      fax_number: null,
      primary_address1: 'address1',
      primary_address2: 'address2',
      primary_address3: 'address3',
      primary_city: 'city',
      primary_state: null,
      primary_zip: 'postalCode',
      registered_address1: null,
      registered_zip: null,
      support_level: 'supportLevel',
      tag_list: 'tags',
      is_volunteer: 'isVolunteer',
      email_opt_in: 'emailOptIn',
      mobile_opt_in: 'smsOptIn',
      do_not_call: 'doNotCall',
      do_not_contact: 'doNotContact',
      born_at: 'birthDate',
      created_at: null,
      precinct_name: 'pollingStationName',
    });
  });

  it.each([
    ['PRÉNOM', 'firstName'], ['prenom ', 'firstName'], ['First Name', 'firstName'],
    ['NOM', 'lastName'], ['Last name', 'lastName'],
    ['E-mail', 'email'], ['Courriel', 'email'], ['Adresse e-mail', 'email'], ['Mail', 'email'],
    ['Téléphone', 'phone'], ['Tél.', 'phone'], ['Phone', 'phone'],
    ['Portable', 'mobilePhone'], ['Tél. portable', 'mobilePhone'], ['Mobile', 'mobilePhone'],
    ['Fixe', 'landlinePhone'], ['Téléphone fixe', 'landlinePhone'],
    ['CP', 'postalCode'], ['Code Postal', 'postalCode'], ['Zip code', 'postalCode'],
    ['Ville', 'city'], ['City', 'city'], ['Code INSEE', 'inseeCode'], ['Code commune', 'inseeCode'],
    ['Bureau de vote', 'pollingStation'], ['N° bureau de vote', 'pollingStation'],
    ['Circonscription', 'constituency'], ['Niveau de soutien', 'supportLevel'],
    ['Étiquettes', 'tags'], ['Tags', 'tags'], ['Date de naissance', 'birthDate'],
    ['ID', 'externalId'], ['Identifiant', 'externalId'], ['N° de voie', 'streetNumber'],
  ] as const)('maps %j to %s whatever its case, accents or spacing', (header, field) => {
    expect(proposeMapping([header])).toEqual([{ column: 0, header, field, match: 'exact' }]);
  });

  it.each([
    ['Téléphone portable perso', 'mobilePhone'], ['Email professionnel', 'email'],
    ['Tel domicile (soir)', 'landlinePhone'], ['Adresse du domicile', 'address1'],
    ['Prénom usuel du contact', 'firstName'], ['Code postal domicile', 'postalCode'],
    ['Date naissance (jj/mm/aaaa)', 'birthDate'], ['Nom du contact', 'lastName'],
  ] as const)('guesses %s as %s when the header says what it holds', (header, field) => {
    expect(proposeMapping([header])).toEqual([{ column: 0, header, field, match: 'guess' }]);
  });

  it.each([['Sexe'], ['Profession'], ['Profession du père'], ['Email opt-out'], ['Ne pas envoyer de mail'], ['']])(
    'leaves %j unmapped when no field fits',
    (header) => {
      expect(proposeMapping([header])[0]?.field).toBeNull();
    },
  );

  it('gives a field to the leftmost column when two columns have equally good names', () => {
    expect(proposeMapping(['Prénom', 'Prenom']).map((c) => c.field)).toEqual(['firstName', null]);
  });

  it('gives a field to the better-named column when a guess comes first', () => {
    expect(proposeMapping(['Prénom usuel du contact', 'Prénom']).map((c) => c.field)).toEqual([null, 'firstName']);
  });

  it('maps every e-mail and phone column, the second and third ones included', () => {
    const headers = ['Email', 'E-mail 2', 'email3', 'Courriel 2', 'Téléphone', 'Téléphone 2', 'Tél. 3', 'Portable', 'Portable 2', 'work_phone_number'];
    expect(proposeMapping(headers).map((c) => c.field)).toEqual([
      'email', 'email', 'email', 'email', 'phone', 'phone', 'phone', 'mobilePhone', 'mobilePhone', 'workPhone',
    ]);
  });

  it('maps every tag column when a file splits tags over several columns', () => {
    expect(proposeMapping(['Tag 1', 'Tag 2', 'Étiquettes']).map((c) => c.field)).toEqual(['tags', 'tags', 'tags']);
  });

  it('returns one proposal per column in order when headers repeat', () => {
    expect(proposeMapping(['Nom', 'Nom', 'x']).map((c) => c.column)).toEqual([0, 1, 2]);
  });
});

describe('normalizeHeader', () => {
  it('drops case, accents and punctuation when comparing headers', () => {
    expect(normalizeHeader("  N° d'ordre — Œuvre ÉLU ")).toBe('numero d ordre oeuvre elu');
  });
});

describe('IMPORT_FIELD_LABELS', () => {
  it('labels every field in French and English', () => {
    for (const field of IMPORT_FIELDS) {
      expect(IMPORT_FIELD_LABELS[field].fr).not.toBe('');
      expect(IMPORT_FIELD_LABELS[field].en).not.toBe('');
    }
    expect(importFieldLabel('firstName')).toBe('Prénom');
    expect(importFieldLabel('firstName', 'en')).toBe('First name');
  });

  it('maps each French label back to its field when a file was exported by Relais', () => {
    const labels = IMPORT_FIELDS.map((field) => importFieldLabel(field));
    const mapped = proposeMapping(labels).map((c) => c.field);
    expect(mapped.filter((field, i) => field !== IMPORT_FIELDS[i])).toEqual([]);
  });
});
