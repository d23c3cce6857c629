import { getTemplateSrv } from '@grafana/runtime';
import { ComboboxOption } from '@grafana/ui';

/** The dashboard's template variables as options ($name), for pickers that accept them. */
export function templateVariableOptions(): Array<ComboboxOption<string>> {
  try {
    return getTemplateSrv()
      .getVariables()
      .map((v) => ({ label: `$${v.name}`, value: `$${v.name}`, description: 'Template variable', group: 'Variables' }));
  } catch {
    // No template service (a test page, or before Grafana has set it up).
    return [];
  }
}
