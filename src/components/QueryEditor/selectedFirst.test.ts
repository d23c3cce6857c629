import { selectedFirst } from './selectedFirst';

describe('selectedFirst', () => {
  const options = [
    { label: 'A', value: 'a', group: 'x' },
    { label: 'B', value: 'b', group: 'y' },
    { label: 'C', value: 'c', group: 'y' },
  ];

  it('moves the chosen option to the front, the rest in order', () => {
    expect(selectedFirst(options, 'c').map((o) => o.value)).toEqual(['c', 'a', 'b']);
  });

  it('leaves the list as it is without a choice or for an unknown one', () => {
    expect(selectedFirst(options, undefined)).toBe(options);
    expect(selectedFirst(options, 'zz')).toBe(options);
    expect(selectedFirst(options, 'a')).toBe(options);
  });
});
