/**
 * The Combobox menu is virtualised (@tanstack/react-virtual reads the
 * list's clientHeight): without a layout size, jsdom would render no
 * options. Call at the top of a describe block.
 */
export function withComboboxLayout() {
  const sizes = ['clientHeight', 'clientWidth'] as const;
  const real = sizes.map((p) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, p));
  beforeAll(() => {
    sizes.forEach((p) => Object.defineProperty(HTMLElement.prototype, p, { configurable: true, get: () => 300 }));
  });
  afterAll(() => {
    sizes.forEach((p, i) => real[i] && Object.defineProperty(HTMLElement.prototype, p, real[i]!));
  });
}
