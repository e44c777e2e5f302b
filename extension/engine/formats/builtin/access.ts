import type { RegexFormat } from '../types';

// Shared pieces of the NCSA access-log line. The request allows escaped quotes (Apache writes \"),
// and the user agent may be cut off without its closing quote (seen in real logs).
const HEAD = String.raw`^(?<client>\S+) \S+ (?<user>\S+) \[(?<time>[^\]]+)\] "(?:(?<method>[A-Z]{3,10}) (?<path>[^ "]*)(?: [^"]*)?|(?:[^"\\]|\\.)*)" (?<status>\d{3}) (?<bytes>\d+|-)`;
/** What HEAD requires of every line: the end of the time and the request's opening quote. */
const HEAD_LITERAL = '] "';
const TRAILING_DURATION = String.raw`(?: (?<duration>\d+(?:\.\d+)?))?`;

export const apacheCombined: RegexFormat = {
  name: 'apache-combined',
  title: 'Apache/NGINX combined access log',
  kind: 'regex',
  multiline: false,
  durationUnit: 'auto',
  pattern: HEAD + String.raw` "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*"?` + TRAILING_DURATION,
  literal: HEAD_LITERAL,
  samples: [
    {
      line: '192.168.202.254 - - [20/Jul/2009:22:59:29 +0000] "GET /vmw/vSphere/default/vmkboot.gz HTTP/1.0" 404 46210 "-" "gPXE/0.9.7"',
      expect: {
        timestamp: '2009-07-20T22:59:29.000Z', client: '192.168.202.254', method: 'GET',
        path: '/vmw/vSphere/default/vmkboot.gz', status: 404, bytes: 46210, level: 'warn', responseTimeMs: null,
      },
    },
    {
      // nginx with $request_time (decimal seconds) appended
      line: '10.0.0.7 - alice [22/Jan/2019:03:56:14 +0330] "POST /api/orders?id=7 HTTP/1.1" 502 0 "https://shop.example/" "curl/8.0" 0.250',
      expect: {
        timestamp: '2019-01-22T00:26:14.000Z', client: '10.0.0.7', method: 'POST', path: '/api/orders',
        status: 502, bytes: 0, level: 'error', responseTimeMs: 250,
      },
    },
    {
      // Apache with %D (integer microseconds) appended
      line: '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200 203023 "-" "Mozilla/5.0" 1500',
      expect: { status: 200, level: 'info', responseTimeMs: 1.5, bytes: 203023 },
    },
    {
      // User agent cut off without its closing quote: still a record
      line: '46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1',
      expect: { status: 200, client: '46.118.127.106', path: '/scripts/configlib.py' },
    },
  ],
};

export const apacheCommon: RegexFormat = {
  name: 'apache-common',
  title: 'Apache/NGINX common access log',
  kind: 'regex',
  multiline: false,
  durationUnit: 'auto',
  pattern: HEAD + TRAILING_DURATION + '$',
  literal: HEAD_LITERAL,
  samples: [
    {
      line: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      expect: {
        timestamp: '2000-10-10T20:55:36.000Z', client: '127.0.0.1', method: 'GET', path: '/apache_pb.gif',
        status: 200, bytes: 2326, level: 'info',
      },
    },
    {
      line: '::1 - - [10/Oct/2000:13:55:36 +0000] "-" 408 -',
      expect: { client: '::1', status: 408, bytes: null, method: null, level: 'warn' },
    },
  ],
};
