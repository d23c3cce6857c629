import { AnnotationQuery } from '@grafana/data';

import { ANNOTATION_SQL, annotationSupport } from './annotations';
import { SecurityLakeQuery } from './types';

describe('annotationSupport', () => {
  it('starts with SQL whose columns map to annotation fields by name', () => {
    const q = annotationSupport.getDefaultQuery!();
    expect(q).toEqual({ mode: 'sql', format: 'table', rawSql: ANNOTATION_SQL });
    for (const column of ['"time"', '"title"', '"text"', '"tags"', '$__partitionFilter']) {
      expect(ANNOTATION_SQL).toContain(column);
    }
  });

  it('moves a query saved at the top level into target', () => {
    const saved = {
      name: 'Findings',
      enable: true,
      iconColor: 'red',
      rawSql: 'SELECT 1',
    } as unknown as AnnotationQuery<SecurityLakeQuery>;
    expect(annotationSupport.prepareAnnotation!(saved)).toEqual({
      name: 'Findings',
      enable: true,
      iconColor: 'red',
      target: { refId: 'Anno', rawSql: 'SELECT 1', source: undefined, format: 'table' },
    });
    const current = {
      name: 'x',
      enable: true,
      iconColor: 'red',
      target: { refId: 'A' },
    } as AnnotationQuery<SecurityLakeQuery>;
    expect(annotationSupport.prepareAnnotation!(current)).toBe(current);
  });

  it('runs annotation queries as tables (or logs)', () => {
    const anno = (target?: SecurityLakeQuery) =>
      ({ name: 'a', enable: true, iconColor: 'red', target }) as AnnotationQuery<SecurityLakeQuery>;
    expect(
      annotationSupport.prepareQuery!(
        anno({ refId: 'A', mode: 'builder', source: 'sh_findings', format: 'time_series' })
      )
    ).toMatchObject({
      format: 'table',
      source: 'sh_findings',
    });
    expect(annotationSupport.prepareQuery!(anno({ refId: 'A', rawSql: 'SELECT 1', format: 'logs' }))).toMatchObject({
      mode: 'sql',
      format: 'logs',
    });
    expect(annotationSupport.prepareQuery!(anno(undefined))).toBeUndefined();
  });
});
