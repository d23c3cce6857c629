// Annotations from a builder or SQL query. Grafana's standard processing
// maps the result's columns (the annotation editor shows the mapping and
// lets the user change it):
//
//   time     the column named time, else the first time column   (start)
//   timeEnd  a column named timeEnd                               (makes a region)
//   title    a column named title
//   text     a column named text, else the first string column
//   tags     a column named tags, comma-separated
//
// so SQL such as
//   SELECT time_dt AS "time", finding_info.title AS "title", message AS "text",
//          array_join(finding_info.types, ',') AS "tags"
//   FROM $__table(sh_findings) WHERE $__partitionFilter AND severity_id >= 4
// needs no mapping. Queries run as tables: time series frames are wide and
// would not map to events.
import { AnnotationQuery, AnnotationSupport } from '@grafana/data';

import { migrateQuery } from './query';
import { SecurityLakeQuery } from './types';

/** The SQL a new annotation query starts with. */
export const ANNOTATION_SQL = `SELECT time_dt AS "time", finding_info.title AS "title", message AS "text",
  array_join(finding_info.types, ',') AS "tags"
FROM $__table(sh_findings)
WHERE $__partitionFilter AND severity_id >= 4
ORDER BY time_dt DESC
LIMIT 100`;

/** Saved annotations may hold the query at the top level (older dashboards) rather than in target. */
type SavedAnnotation = AnnotationQuery<SecurityLakeQuery> & Partial<Pick<SecurityLakeQuery, 'rawSql' | 'source'>>;

export const annotationSupport: AnnotationSupport<SecurityLakeQuery> = {
  getDefaultQuery: () => ({ mode: 'sql', format: 'table', rawSql: ANNOTATION_SQL }),

  prepareAnnotation(json: SavedAnnotation): AnnotationQuery<SecurityLakeQuery> {
    if (json.target || (!json.rawSql && !json.source)) {
      return json;
    }
    const { rawSql, source, ...rest } = json;
    return { ...rest, target: { refId: 'Anno', rawSql, source, format: 'table' } };
  },

  prepareQuery(anno: AnnotationQuery<SecurityLakeQuery>): SecurityLakeQuery | undefined {
    if (!anno.target) {
      return undefined;
    }
    const q = migrateQuery({ ...anno.target, refId: anno.target.refId || 'Anno' });
    return { ...q, format: q.format === 'logs' ? 'logs' : 'table' };
  },
};
