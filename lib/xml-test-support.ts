import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

// For tests: parses XML strictly (any error or warning fails) and reads elements by namespace.

export function parseXml(text: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, 'application/xml');
}

/** The child elements of `parent` with this namespace (null: none) and local name. */
export function children(parent: Element | Document, namespace: string | null, name: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).localName === name && ((node as Element).namespaceURI ?? null) === namespace,
  );
}

export function textOf(parent: Element, namespace: string | null, name: string): string | null {
  return children(parent, namespace, name)[0]?.textContent ?? null;
}
