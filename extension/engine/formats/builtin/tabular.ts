import type { FieldsHeaderFormat } from '../types';

export const w3c: FieldsHeaderFormat = {
  name: 'w3c',
  title: 'W3C extended log (IIS)',
  kind: 'fields-header',
  multiline: false,
  fieldsDirective: '#Fields:',
  separator: 'space',
  emptyValues: ['-'],
  durationUnit: 'ms',
  columns: {
    date: ['date', 'date-local'],
    time: ['time', 'time-local'],
    host: ['s-computername', 's-sitename', 'cs(host)', 'cs-host'],
    client: ['c-ip'],
    method: ['cs-method'],
    path: ['cs-uri-stem'],
    status: ['sc-status'],
    bytes: ['sc-bytes'],
    duration: ['time-taken', 'timetakenms'],
  },
  samples: [
    {
      line: '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken',
      expect: {},
    },
    {
      line: '2012-08-15 17:00:00.675 10.10.28.140 GET /hello/world - 80 - 173.5.0.9 "Mozilla/5.0 (Macintosh)" 404 0 0 359',
      expect: { timestamp: '2012-08-15T17:00:00.675Z', client: '173.5.0.9', method: 'GET', path: '/hello/world', status: 404, level: 'warn', responseTimeMs: 359 },
    },
  ],
};

export const zeek: FieldsHeaderFormat = {
  name: 'zeek',
  title: 'Zeek (Bro) TSV log',
  kind: 'fields-header',
  multiline: false,
  fieldsDirective: '#fields',
  separator: 'tab',
  emptyValues: ['-', '(empty)'],
  durationUnit: 's',
  columns: {
    timestamp: ['ts'],
    host: ['id.resp_h'],
    session: ['uid'],
    message: ['proto', 'service', 'conn_state', 'method', 'query', 'note', 'msg'],
  },
  samples: [
    {
      line: '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tconn_state',
      expect: {},
    },
    {
      line: '1320279567.181431\tCdysLK1XpcrXOpVDuh\t192.168.2.76\t52034\t174.129.249.33\t80\ttcp\thttp\tSF',
      expect: { timestamp: '2011-11-03T00:19:27.181Z', host: '174.129.249.33', session: 'CdysLK1XpcrXOpVDuh', message: 'tcp http SF' },
    },
  ],
};
