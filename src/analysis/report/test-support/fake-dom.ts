/**
 * Just enough of the DOM to run the HTML report's inline script in Node: elements by id, created
 * elements and text nodes, textContent, attributes and event listeners. It has no HTML parser on
 * purpose: the script must build everything with textContent, and a test that used markup would fail.
 */

type Listener = (event: FakeEvent) => void;

export interface FakeEvent {
  type: string;
  key?: string;
  preventDefault(): void;
  defaultPrevented: boolean;
}

export class FakeElement {
  readonly tagName: string;
  children: FakeElement[] = [];
  className = '';
  hidden = false;
  value = '';
  private text = '';
  private readonly attributes = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();

  constructor(tagName: string) {
    this.tagName = tagName.toUpperCase();
  }

  get textContent(): string {
    return this.tagName === '#TEXT' ? this.text : this.children.map((c) => c.textContent).join('');
  }

  set textContent(value: string) {
    this.children = [];
    if (this.tagName === '#TEXT') this.text = value;
    else if (value !== '') this.children.push(createText(value));
  }

  appendChild(child: FakeElement): FakeElement {
    this.children.push(child);
    return child;
  }

  replaceChildren(...nodes: FakeElement[]): void {
    this.children = [...nodes];
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  /** Fires an event at this element; returns it so a test can check `defaultPrevented`. */
  dispatch(type: string, init: { key?: string } = {}): FakeEvent {
    const event: FakeEvent = {
      type,
      ...init,
      defaultPrevented: false,
      preventDefault() {
        event.defaultPrevented = true;
      },
    };
    for (const listener of this.listeners.get(type) ?? []) listener(event);
    return event;
  }

  scrollIntoView(): void {}

  /** Depth-first descendants with the given tag name. */
  findAll(tagName: string): FakeElement[] {
    const wanted = tagName.toUpperCase();
    const found: FakeElement[] = [];
    const visit = (node: FakeElement): void => {
      for (const child of node.children) {
        if (child.tagName === wanted) found.push(child);
        visit(child);
      }
    };
    visit(this);
    return found;
  }
}

function createText(value: string): FakeElement {
  const node = new FakeElement('#text');
  node.textContent = value;
  return node;
}

export class FakeDocument {
  private readonly byId = new Map<string, FakeElement>();
  private readonly filterTargets: FakeElement[] = [];

  /** Registers an element the page's markup would contain. */
  add(id: string, tagName: string, init: { textContent?: string; value?: string } = {}): FakeElement {
    const element = new FakeElement(tagName);
    if (init.textContent !== undefined) element.textContent = init.textContent;
    if (init.value !== undefined) element.value = init.value;
    this.byId.set(id, element);
    return element;
  }

  /** Registers an element with `data-filter`/`data-value`, as the chart bars carry. */
  addFilterTarget(filter: string, value: string): FakeElement {
    const element = new FakeElement('g');
    element.setAttribute('data-filter', filter);
    element.setAttribute('data-value', value);
    this.filterTargets.push(element);
    return element;
  }

  get(id: string): FakeElement {
    const element = this.byId.get(id);
    if (!element) throw new Error(`no element #${id}`);
    return element;
  }

  getElementById(id: string): FakeElement | null {
    return this.byId.get(id) ?? null;
  }

  createElement(tagName: string): FakeElement {
    return new FakeElement(tagName);
  }

  createTextNode(value: string): FakeElement {
    return createText(value);
  }

  querySelectorAll(selector: string): FakeElement[] {
    if (selector !== '[data-filter]') throw new Error(`unsupported selector ${selector}`);
    return [...this.filterTargets];
  }
}
