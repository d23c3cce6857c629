import { ComboboxOption } from '@grafana/ui';

/**
 * Puts the chosen option first. Grafana's Combobox highlights, when its menu
 * opens or the user types, the item at the chosen option's index in the full
 * list, but indexes the filtered, group-sorted list with it: Enter then took
 * another option, or none at all (a TypeError in onChange). With the chosen
 * option first, that index is 0: the chosen option while the menu shows them
 * all (its group sorts first), and the best match once the user types.
 */
export function selectedFirst<T extends string | number>(
  options: Array<ComboboxOption<T>>,
  value: T | null | undefined
): Array<ComboboxOption<T>> {
  const i = value === null || value === undefined ? -1 : options.findIndex((o) => o.value === value);
  return i <= 0 ? options : [options[i], ...options.slice(0, i), ...options.slice(i + 1)];
}
