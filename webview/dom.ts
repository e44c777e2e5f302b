/**
 * Tiny DOM builder. Text always goes in through `textContent`, never HTML: log content is
 * hostile, so nothing in the dashboard is ever parsed as markup.
 */

export interface ElementOptions {
  readonly className?: string;
  readonly text?: string;
  /** Attributes set with setAttribute (values are plain strings, never markup). */
  readonly attrs?: Readonly<Record<string, string>>;
}

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.attrs) {
    for (const [name, value] of Object.entries(options.attrs)) element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** Shows or hides an element with the `hidden` attribute (styled `display: none`). */
export function setVisible(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

let idCounter = 0;
/** A document-unique id, for aria-controls / aria-labelledby links. */
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
