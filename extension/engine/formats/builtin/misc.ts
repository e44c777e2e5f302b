import type { RegexFormat } from '../types';

export const uwsgi: RegexFormat = {
  name: 'uwsgi',
  title: 'uWSGI request log',
  kind: 'regex',
  multiline: false,
  pattern: String.raw`^\[pid: \d+\|app: [-\d]+\|req: [-\d]+/\d+\] (?<client>\S+) \([^)]*\) \{[^}]*\} \[(?<time>[^\]]+)\] (?<method>[A-Z]{3,10}) (?<path>\S+) => generated (?<bytes>\d+) bytes in (?<duration>\d+) (?<unit>msecs|micros) \(HTTP/[\d.]+ (?<status>\d{3})\)`,
  samples: [
    {
      line: '[pid: 88185|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar 13 22:49:12 2016] POST /update_metrics => generated 47 bytes in 129 msecs (HTTP/1.1 200) 9 headers in 378 bytes (1 switches on core 3)',
      expect: { timestamp: '2016-03-13T22:49:12.000Z', client: '127.0.0.1', method: 'POST', path: '/update_metrics', status: 200, bytes: 47, responseTimeMs: 129 },
    },
    {
      line: '[pid: 88185|app: 0|req: 3/3] 127.0.0.1 () {34 vars in 617 bytes} [Sun Mar 13 22:49:15 2016] POST /endpoint2 => generated 215 bytes in 68 micros (HTTP/1.1 500) 9 headers in 373 bytes (1 switches on core 8)',
      expect: { status: 500, level: 'error', responseTimeMs: 0.068 },
    },
  ],
};

export const strace: RegexFormat = {
  name: 'strace',
  title: 'strace output (-f -ttt)',
  kind: 'regex',
  multiline: false,
  pattern: String.raw`^(?<pid>\d+) +(?<time>\d{10}\.\d{6}) (?<message>.*)$`,
  samples: [
    {
      line: '10000 1697048351.000541 brk(NULL)                 = 0x55b1f2e94000 <0.000009>',
      expect: { timestamp: '2023-10-11T18:19:11.000Z', message: 'brk(NULL)                 = 0x55b1f2e94000 <0.000009>' },
    },
  ],
};

export const mysqlSlow: RegexFormat = {
  name: 'mysql-slow',
  title: 'MySQL slow-query log',
  kind: 'regex',
  // A record is "# Time:" followed by "# User@Host:", "# Query_time:" and the statements.
  multiline: true,
  pattern: String.raw`^# Time: (?<time>\d{4}-\d{2}-\d{2}T\S+|\d{6} +\d{1,2}:\d{2}:\d{2})\s*$`,
  defaultMessage: 'slow query',
  samples: [
    {
      line: '# Time: 2021-01-26T23:45:57.678222Z',
      expect: { timestamp: '2021-01-26T23:45:57.678Z', message: 'slow query' },
    },
  ],
};
