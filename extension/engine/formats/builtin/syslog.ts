import type { RegexFormat } from '../types';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

export const syslogRfc3164: RegexFormat = {
  name: 'syslog',
  title: 'BSD syslog (RFC 3164)',
  kind: 'regex',
  // Continuation lines (macOS indents them with a tab) belong to the record before.
  multiline: true,
  pattern: String.raw`^(?:<(?<pri>\d{1,3})>)?(?<time>${MONTH} {1,2}\d{1,2} (?:\d{4} )?\d{2}:\d{2}:\d{2}(?:\.\d+)?) (?<host>[^\s:\[]+) (?<app>[^\s:\[]+)(?:\[(?<pid>\d+)\])?: ?(?<message>.*)$`,
  samples: [
    {
      line: 'Nov  3 09:23:38 veridian automount[7998]: lookup(file): lookup for foobar failed',
      expect: { host: 'veridian', message: 'lookup(file): lookup for foobar failed', level: null },
    },
    {
      line: '<11>Mar 14 07:15:02 web-3 nginx: upstream timed out (110: Connection timed out) while connecting to 10.0.0.9:8080',
      expect: { host: 'web-3', level: 'error', message: 'upstream timed out (110: Connection timed out) while connecting to 10.0.0.9:8080' },
    },
  ],
};

export const syslogRfc5424: RegexFormat = {
  name: 'syslog-rfc5424',
  title: 'Syslog (RFC 5424)',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?:<(?<pri>\d{1,3})>)?1 (?<time>\d{4}-\d{2}-\d{2}T\S+) (?<host>\S+) (?<app>\S+) (?<procid>\S+) (?<msgid>\S+) (?<sd>-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (?:\uFEFF)?(?<message>.*))?$`,
  samples: [
    {
      line: '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM\'su root\' failed for lonvick on /dev/pts/8',
      expect: {
        timestamp: '2003-10-11T22:14:15.003Z', host: 'mymachine.example.com', level: 'fatal',
        message: "BOM'su root' failed for lonvick on /dev/pts/8",
      },
    },
    {
      line: '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It\'s time to make the do-nuts.',
      expect: { timestamp: '2003-08-24T12:14:15.000Z', host: '192.0.2.1', level: 'info' },
    },
  ],
};

export const haproxy: RegexFormat = {
  name: 'haproxy',
  title: 'HAProxy (via syslog)',
  kind: 'regex',
  multiline: false,
  // HTTP log lines: client:port [accept date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes ... "request"
  pattern: String.raw`^(?<time>${MONTH} {1,2}\d{1,2} \d{2}:\d{2}:\d{2}) (?<host>\S+) haproxy\[\d+\]: (?:(?<client>[0-9a-fA-F.:]+):\d+ \[[^\]]+\] \S+ \S+ -?\d+/-?\d+/-?\d+/-?\d+/\+?(?<duration>-?\d+) (?<status>\d{3}) \+?(?<bytes>\d+) .*?"(?<method>[A-Z]{3,10}) (?<path>\S+)[^"]*"?|(?<message>.*))$`,
  durationUnit: 'ms',
  samples: [
    {
      line: 'Feb 25 16:19:38 192.168.4.2 haproxy[1]: Proxy prod_http_in started.',
      expect: { host: '192.168.4.2', message: 'Proxy prod_http_in started.', status: null },
    },
    {
      line: 'Feb 25 16:19:49 192.168.4.2 haproxy[7]: 141.35.244.171:53332 [25/Feb/2019:16:19:48.143] prod_http_in~ bk_admin/nginx_sonst 0/0/7/1457/1487 200 11394 - - ---- 2/1/0/0/0 0/0 {Mozilla/5.0} {} "GET /admin/colt/administration?survey=130 HTTP/1.1"',
      expect: { client: '141.35.244.171', status: 200, bytes: 11394, responseTimeMs: 1487, method: 'GET', path: '/admin/colt/administration', level: 'info' },
    },
  ],
};
