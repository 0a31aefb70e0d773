/**
 * The YAML node tree that loaders use for positions: which offset a key,
 * a value or a list item starts at. Both the fast reader (yaml-fast.ts)
 * and the `yaml` package's document (converted in yaml-document.ts) give
 * this shape, so loaders do not care which parser read a file.
 */

/** How a scalar is written, as the `yaml` package names it. */
export type YamlScalarType = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface YamlScalarNode {
  kind: 'scalar';
  type: YamlScalarType;
  /** The resolved value: string, number, boolean or null. */
  value: unknown;
  /** [start, end) offsets in the parsed text; for block scalars `start` is the `|`/`>` and `end` follows the last content line. */
  range: [number, number];
}

export interface YamlPairNode {
  key: YamlNode | null;
  value: YamlNode | null;
}

export interface YamlMapNode {
  kind: 'map';
  /** range[0] is the first key (or `{`); range[1] is approximate for block maps. */
  range: [number, number];
  items: YamlPairNode[];
}

export interface YamlSeqNode {
  kind: 'seq';
  /** range[0] is the first `-` (or `[`); range[1] is approximate for block lists. */
  range: [number, number];
  items: (YamlNode | null)[];
}

/** An alias (`*name`); only the full parser produces it. */
export interface YamlAliasNode {
  kind: 'alias';
  range: [number, number];
}

export type YamlNode = YamlScalarNode | YamlMapNode | YamlSeqNode | YamlAliasNode;

/** A parsed document: its root node (null for an empty file). */
export interface YamlTree {
  contents: YamlNode | null;
}

/** The node at `path` as the `yaml` package's `getIn(path, true)` finds it (keys compared by value, list indexes as numbers). */
export function yamlNodeAt(tree: YamlTree | undefined, path: readonly (string | number)[]): YamlNode | null | undefined {
  if (!tree) return undefined;
  let node: YamlNode | null | undefined = tree.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (node?.kind === 'map') {
      node = valueOf(node, key);
    } else if (node?.kind === 'seq') {
      const index = typeof key === 'string' && key !== '' ? Number(key) : key;
      node = typeof index === 'number' && Number.isInteger(index) && index >= 0 ? node.items[index] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/** The value of the first entry whose scalar key is `key` (a loop, not `find`: positions are looked up thousands of times per run, mostly cold). */
function valueOf(map: YamlMapNode, key: string | number): YamlNode | null | undefined {
  for (let i = 0; i < map.items.length; i++) {
    const pair = map.items[i]!;
    if (pair.key?.kind === 'scalar' && pair.key.value === key) return pair.value;
  }
  return undefined;
}
