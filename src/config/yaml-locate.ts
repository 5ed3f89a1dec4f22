// Config: a zod issue path → the line in firebreak.yaml it points at
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

type Segment = PropertyKey;

function lineOfNode(node: Node | null | undefined, lines: LineCounter): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/** An empty value (`timeout:`) is a null scalar positioned after the colon, maybe on the next line. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source === '' || node.source === undefined);
}

/**
 * The line an issue at `path` belongs on: the key's line for a mapping entry (an unknown key, a bad
 * value), the item's line for a list entry, and the nearest existing parent's line for a key that
 * is missing.
 */
export function lineAt(doc: Document, lines: LineCounter, path: readonly Segment[]): number {
  let node: unknown = doc.contents;
  let line = lineOfNode(doc.contents, lines) ?? 1;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return line;
      const keyLine = lineOfNode(pair.key as Node, lines) ?? line;
      if (index === path.length - 1) return keyLine;
      node = pair.value;
      // Descend to where the value's own entries start, so a key missing from it is reported there.
      line = isScalar(node) || isEmptyScalar(node) ? keyLine : (lineOfNode(node as Node, lines) ?? keyLine);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return line;
      node = item;
      line = lineOfNode(item as Node, lines) ?? line;
    } else {
      return line;
    }
  }
  return line;
}

/** Line lookups for one YAML text, for findings made after parsing (`firebreak check` warnings). */
export function lineLocator(text: string): (path: readonly Segment[]) => number {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (path) => lineAt(doc, lines, path);
}
