import {
  fieldSuggestions,
  macroInsertText,
  macroSuggestions,
  sourceInSql,
  sourceTableSuggestions,
  tableDefinitions,
} from './sqlCompletion';
import { FIELDS, LAKE, MACROS } from './test/fixtures';

describe('macro completion from GET macros', () => {
  it('writes required arguments as placeholders and optional-only macros bare', () => {
    const byName = Object.fromEntries(MACROS.map((m) => [m.name, macroInsertText(m)]));
    expect(byName).toEqual({
      $__partitionFilter: '\\$__partitionFilter',
      $__timeFilter: '\\$__timeFilter(${1:column})',
      $__timeFrom: '\\$__timeFrom()',
      $__interval: '\\$__interval',
      $__table: '\\$__table(${1:source})',
    });
  });

  it('keeps the backend documentation', () => {
    const s = macroSuggestions(MACROS).find((m) => m.label === '$__partitionFilter');
    expect(s).toMatchObject({ documentation: 'Partition predicate', detail: 'WHERE $__partitionFilter' });
  });
});

describe('tables and fields', () => {
  it('offers $__table(source) per source, with versions while several exist', () => {
    expect(sourceTableSuggestions(LAKE).map((s) => s.label)).toEqual([
      '$__table(cloud_trail_mgmt)',
      '$__table(cloud_trail_mgmt@1)',
      '$__table(cloud_trail_mgmt@2)',
      '$__table(vpc_flow)',
    ]);
    expect(tableDefinitions(LAKE)[0]).toEqual({
      name: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0',
      completion: 'amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0',
    });
  });

  it('offers field paths with their types, not array-element members', () => {
    const s = fieldSuggestions(FIELDS);
    expect(s.map((x) => x.label)).not.toContain('resources[].uid');
    expect(s.find((x) => x.label === 'severity_id')).toMatchObject({
      detail: 'integer',
      documentation: '1 Informational, 5 Critical',
    });
  });

  it('finds the source the SQL reads', () => {
    expect(sourceInSql('SELECT * FROM $__table( vpc_flow@1 ) WHERE 1=1', LAKE)).toEqual({
      name: 'vpc_flow',
      version: 1,
    });
    expect(
      sourceInSql(
        'select * from amazon_security_lake_glue_db_us_east_1.AMAZON_SECURITY_LAKE_TABLE_US_EAST_1_VPC_FLOW_2_0',
        LAKE
      )
    ).toEqual({
      name: 'vpc_flow',
      version: 2,
    });
    expect(sourceInSql('SELECT 1', LAKE)).toBeUndefined();
  });
});
