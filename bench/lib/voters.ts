import fs from 'node:fs';
import { once } from 'node:events';
import { demoCommunes, pollingStationCount, postalCodeFor } from '../../src/server/modules/demo/demo.geography.js';
import { FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_TYPES } from '../../src/server/modules/demo/demo.names.js';
import { createRandom, weightedTable, type Random } from '../../src/server/modules/demo/demo.random.js';
import { cp1252 } from '../../src/server/modules/imports/csv-test-helpers.js';

// An electoral-list-like CSV (the REU extract's columns, plus the phones, e-mail and support level
// a campaign adds) for the import benchmark: real French communes and polling stations, French
// names, phones typed every way people type them (a few invalid), some lines repeating an earlier
// voter, `;`-separated as a French Excel saves it, streamed so any size fits in memory.

export interface VoterFileOptions {
  rows: number;
  out: string;
  seed?: number;
  encoding?: 'utf-8' | 'windows-1252';
  /** Share of lines repeating an earlier voter (default 0.02). */
  duplicates?: number;
  /**
   * Share of lines whose e-mail is changed (default 0): the same file otherwise, line for line
   * (the changes come from a random stream of their own), for the "10 % changed" re-import.
   */
  changed?: number;
}

const HEADER = [
  'Code du département', 'Code de la commune', 'Libellé de la commune', 'Code du bureau de vote', 'Libellé du bureau de vote',
  "Numéro d'ordre dans le bureau de vote", 'Nom de naissance', "Nom d'usage", 'Prénoms', 'Sexe', 'Date de naissance',
  'Numéro de voie', 'Type et libellé de voie', 'Complément 1', 'Code postal', 'Commune', 'Identifiant national électeur',
  'Portable', 'Téléphone fixe', 'E-mail', 'Niveau de soutien', 'Étiquettes',
];
const SUPPORT = ['', '', '', '', '', '1', '2', '3', '4', '5', 'soutien fort', 'Soutien faible', 'indécis', 'Opposition faible', 'opposition forte', 'sympathisant'];
const TAGS = ['', '', '', 'porte-à-porte', 'tractage', 'bénévole', 'porte-à-porte, tractage', 'réunion publique|bénévole'];
const streetTypes = weightedTable(STREET_TYPES);

/** A phone typed the way people and spreadsheets do, now and then broken (a lost leading 0). */
function typed(random: Random, national: string): string {
  const pairs = national.match(/../g)!.join(' ');
  switch (random.int(0, 9)) {
    case 0:
      return `0${national}`;
    case 1:
      return `0${national.slice(0, 1)}.${national.slice(1).match(/../g)!.join('.')}`;
    case 2:
      return `+33 ${national.slice(0, 1)} ${national.slice(1).match(/../g)!.join(' ')}`;
    case 3:
      return `+33${national}`;
    case 4:
      return `0033${national}`;
    case 5:
      // Excel turned it into a number and dropped the 0: reported, kept raw.
      return random.chance(0.3) ? national : `0${national.slice(0, 1)} ${pairs.slice(1)}`;
    default:
      return `0${national.slice(0, 1)} ${national.slice(1).match(/../g)!.join(' ')}`;
  }
}

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

/** Writes the file; returns its size in bytes. */
export async function writeVoterFile(options: VoterFileOptions): Promise<number> {
  const rows = options.rows;
  const duplicateShare = options.duplicates ?? 0.02;
  const changedShare = options.changed ?? 0;
  const random = createRandom(options.seed ?? 7);
  const changes = createRandom((options.seed ?? 7) + 1_000_003);
  const encode = options.encoding === 'windows-1252' ? (text: string) => cp1252(text) : (text: string) => Buffer.from(text, 'utf8');
  const communes = demoCommunes();
  const out = fs.createWriteStream(options.out);
  const earlier: string[][] = [];
  let buffer = `${HEADER.join(';')}\r\n`;
  for (let i = 0; i < rows; i++) {
    let fields: string[];
    if (earlier.length > 100 && random.chance(duplicateShare)) {
      // The same voter again (a second extract, a merged file), sometimes with a new phone.
      fields = [...random.pick(earlier)];
      if (random.chance(0.5)) fields[17] = typed(random, `${random.chance(0.7) ? '6' : '7'}${random.int(30, 99)}${random.digits(6)}`.slice(0, 9));
    } else {
      const commune = communes.draw(random);
      const stations = Math.max(commune.stations, pollingStationCount(commune.population));
      const station = random.int(1, Math.max(1, stations));
      const sex = random.chance(0.52) ? 'f' : 'm';
      const era = random.pick(['elder', 'middle', 'young'] as const);
      const first = random.pick(FIRST_NAMES[sex][era]);
      const second = random.chance(0.6) ? ` ${random.pick(FIRST_NAMES[sex][era])}` : '';
      const birthName = random.pick(LAST_NAMES).toUpperCase();
      const usage = sex === 'f' && random.chance(0.35) ? random.pick(LAST_NAMES).toUpperCase() : '';
      const year = era === 'elder' ? random.int(1935, 1962) : era === 'middle' ? random.int(1963, 1985) : random.int(1986, 2007);
      const birth = `${String(random.int(1, 28)).padStart(2, '0')}/${String(random.int(1, 12)).padStart(2, '0')}/${year}`;
      const mobile = random.chance(0.45) ? typed(random, `${random.chance(0.7) ? '6' : `7${random.int(3, 8)}`}${random.digits(8)}`.slice(0, 9)) : '';
      const landline = random.chance(0.2) ? typed(random, `${random.int(1, 5)}${random.digits(8)}`) : '';
      const email = random.chance(0.3) ? `${fold(first)}.${fold(usage || birthName)}${random.int(1, 999)}@example.fr` : '';
      fields = [
        commune.departement, commune.code, commune.name, String(station).padStart(4, '0'), `Bureau ${station}`, String(random.int(1, 1200)),
        birthName, usage, `${first}${second}`, sex === 'f' ? 'F' : 'M', birth,
        random.chance(0.85) ? String(random.int(1, 180)) : '', `${streetTypes.draw(random).toUpperCase()} ${random.pick(STREET_NAMES).toUpperCase()}`,
        random.chance(0.1) ? `Appartement ${random.int(1, 60)}` : '', postalCodeFor(commune, station), commune.name.toUpperCase(),
        random.digits(9), mobile, landline, email, random.pick(SUPPORT), random.pick(TAGS),
      ];
      if (earlier.length < 5000) earlier.push(fields);
      else if (random.chance(0.01)) earlier[random.int(0, earlier.length - 1)] = fields;
    }
    if (changedShare > 0 && changes.chance(changedShare)) {
      fields = [...fields];
      fields[19] = `changed${i}@example.fr`;
    }
    buffer += `${fields.map((f) => (/[;"\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(';')}\r\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(encode(buffer))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.write(encode(buffer));
  out.end();
  await once(out, 'finish');
  return fs.statSync(options.out).size;
}
