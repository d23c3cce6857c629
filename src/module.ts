import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor/ConfigEditor';
import { QueryEditor } from './components/QueryEditor/QueryEditor';
import { DataSource } from './datasource';
import { SecurityLakeOptions, SecurityLakeQuery, SecurityLakeSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<
  DataSource,
  SecurityLakeQuery,
  SecurityLakeOptions,
  SecurityLakeSecureJsonData
>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
