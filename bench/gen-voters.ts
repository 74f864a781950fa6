import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { demoCommunes, pollingStationCount, postalCodeFor } from '../src/server/modules/demo/demo.geography.js';
import { FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_TYPES } from '../src/server/modules/demo/demo.names.js';
import { createRandom, weightedTable, type Random } from '../src/server/modules/demo/demo.random.js';
import { cp1252 } from '../src/server/modules/imports/csv-test-helpers.js';

// npm exec tsx bench/gen-voters.ts -- --rows 1000000 --out /tmp/voters.csv [--seed 7] [--encoding windows-1252] [--duplicates 0.02]
//
// Writes an electoral-list-like CSV (the REU extract's columns, plus the phones, e-mail and support
// level a campaign adds) for import benchmarks: real French communes and polling stations, French
// names, phones typed every way people type them (a few invalid), some lines repeating an earlier
// voter, `;`-separated as a French Excel saves it, streamed so any size fits in memory.

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string', default: 'voters.csv' },
    seed: { type: 'string', default: '7' },
    encoding: { type: 'string', default: 'utf-8' },
    duplicates: { type: 'string', default: '0.02' },
  },
});
const rows = Number(values.rows);
const duplicateShare = Number(values.duplicates);
const random = createRandom(Number(values.seed));
const encode = values.encoding === 'windows-1252' ? (text: string) => cp1252(text) : (text: string) => Buffer.from(text, 'utf8');

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

const communes = demoCommunes();
const out = fs.createWriteStream(values.out);
const earlier: string[][] = [];
let buffer = `${HEADER.join(';')}\r\n`;
const started = Date.now();
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
  buffer += `${fields.map((f) => (/[;"\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(';')}\r\n`;
  if (buffer.length > 1 << 20) {
    if (!out.write(encode(buffer))) await once(out, 'drain');
    buffer = '';
  }
}
out.write(encode(buffer));
out.end();
await once(out, 'finish');
process.stderr.write(`${rows} rows, ${(fs.statSync(values.out).size / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s → ${values.out}\n`);
