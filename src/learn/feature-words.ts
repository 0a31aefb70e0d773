/**
 * The model's word features as a reader knows them. A word feature is a
 * Porter stem (`u:alreadi`, `b:quick win`), which is what the model weighs
 * but not a word anyone wrote; the review card shows instead the word (or
 * the two words) as they occur in the segment being reviewed: the segment is
 * tokenized and each token stemmed exactly as the model's features are
 * (src/learn/features.ts), and the first token whose stem matches gives the
 * surface form. When no token of the segment has that stem (the feature came
 * from elsewhere), the stem is kept and marked as one. Pure: strings in,
 * strings out.
 */
import { tokenize } from '../code/tokenize.js';
import { describeFeature, featureStem } from './features.js';

/** A feature as shown to people. */
export interface ReadableFeature {
  /** The surface form in the segment (`already`, `quick wins`), the stem when the segment has none (`alreadi`), or a description for other features (`rule success.quick-wins`). */
  text: string;
  /** True when `text` is a stem, not a word of the segment (a word or bigram feature with no matching token): shown marked, e.g. `~alreadi`. */
  stem: boolean;
}

/**
 * Readable forms of features (`u:STEM`, `b:STEM STEM`, or any other kind)
 * for one segment's text in its language, in the order given. The segment is
 * tokenized once.
 */
export function readableFeatures(features: readonly string[], text: string, language: string): ReadableFeature[] {
  let surface: { words: string[]; stems: string[] } | undefined;
  const tokens = () => {
    if (surface) return surface;
    const found = tokenize(text);
    surface = {
      words: found.words.map((_, k) => text.slice(found.starts[k], found.ends[k])),
      stems: found.words.map((word) => featureStem(word, language)),
    };
    return surface;
  };
  return features.map((feature) => {
    if (feature.startsWith('u:')) {
      const stem = feature.slice(2);
      const { words, stems } = tokens();
      const at = stems.indexOf(stem);
      return at >= 0 ? { text: words[at]!, stem: false } : { text: stem, stem: true };
    }
    if (feature.startsWith('b:')) {
      const pair = feature.slice(2);
      const space = pair.indexOf(' ');
      const first = pair.slice(0, space);
      const second = pair.slice(space + 1);
      const { words, stems } = tokens();
      for (let k = 0; k + 1 < stems.length; k++) {
        if (stems[k] === first && stems[k + 1] === second) return { text: `${words[k]} ${words[k + 1]}`, stem: false };
      }
      return { text: pair, stem: true };
    }
    return { text: describeFeature(feature), stem: false };
  });
}
