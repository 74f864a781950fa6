import { gotvProxyScript } from './examples/gotv-proxy.js';
import type { ExampleLocale } from './examples/gotv-proxy.js';
import { persuasionScript } from './examples/persuasion.js';
import { ScriptDocumentSchema } from './script.schema.js';
import type { ScriptDocument, ScriptDocumentInput } from './script.schema.js';

export type { ExampleLocale } from './examples/gotv-proxy.js';

/** The example scripts a new campaign can start from, each in every supported language. */
export type ExampleScriptName = 'gotvProxy' | 'persuasion';

const builders: Record<ExampleScriptName, (locale: ExampleLocale) => ScriptDocumentInput> = {
  gotvProxy: gotvProxyScript,
  persuasion: persuasionScript,
};

function build(name: ExampleScriptName, locale: ExampleLocale): ScriptDocument {
  return ScriptDocumentSchema.parse(builders[name](locale));
}

/**
 * Ready-to-use scripts, validated with defaults applied: `gotvProxy` (get out the vote and vote
 * proxies) and `persuasion` (convinced / hesitant / other choice). The French and English versions
 * of a script share every id, so their answers and funnels add up.
 *
 * @example exampleScripts.persuasion.fr.startSectionId // → 'intro'
 */
export const exampleScripts: Record<ExampleScriptName, Record<ExampleLocale, ScriptDocument>> = {
  gotvProxy: { fr: build('gotvProxy', 'fr'), en: build('gotvProxy', 'en') },
  persuasion: { fr: build('persuasion', 'fr'), en: build('persuasion', 'en') },
};
