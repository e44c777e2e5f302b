import type { RegexFormat } from '../types';

const ISO_TIME = String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?`;
// Level words are checked by the parser (LevelVocabulary.fromWord), so patterns only need their
// shape; long enough for the user's level keywords (MAX_KEYWORD_LENGTH).
const LEVEL_WORD = String.raw`[A-Za-z]{3,24}`;

export const log4j: RegexFormat = {
  name: 'log4j',
  title: 'log4j / logback / Spring Boot (DATE TIME LEVEL [thread] logger - msg)',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?<time>${ISO_TIME}|\d{2}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d+)?)\s+(?:-\s+)?\[?(?<level>${LEVEL_WORD})\]?\s+(?:\d+ --- )?(?:\[(?<thread>(?:[^\[\]]|\[[^\]]*\])*)\]\s+)?(?:(?<logger>[\w.$@:/-]+?)\s*(?::|-)\s+|-\s+)?(?<message>.*)$`,
  startsWithDigit: true,
  samples: [
    {
      line: '2025-01-24T07:00:30,227 INFO [main                     ] FarmApplication          : Starting FarmApplication v3.0.7',
      expect: { timestamp: '2025-01-24T07:00:30.227Z', level: 'info', message: 'Starting FarmApplication v3.0.7' },
    },
    {
      line: '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
      expect: { level: 'info', message: 'Created MRAppMaster for application appattempt_1445144423722_0020_000001' },
    },
    {
      line: '17/06/09 20:10:40 ERROR executor.Executor: Exception in task 0.0 in stage 1.0 (TID 7)',
      expect: { timestamp: '2017-06-09T20:10:40.000Z', level: 'error', message: 'Exception in task 0.0 in stage 1.0 (TID 7)' },
    },
    {
      line: '2023-03-01 10:00:00.123  WARN 4242 --- [nio-8080-exec-1] o.s.web.servlet.PageNotFound : No mapping for GET /favicon.ico',
      expect: { level: 'warn', message: 'No mapping for GET /favicon.ico' },
    },
    {
      line: '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
      expect: { level: 'info', message: 'Notification time out: 3200' },
    },
  ],
};

export const pythonLogging: RegexFormat = {
  name: 'python',
  title: 'Python logging (asctime - name - LEVEL - message)',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?<time>${ISO_TIME}) - (?<logger>\S+) - (?<level>${LEVEL_WORD}) - (?<message>.*)$`,
  startsWithDigit: true,
  samples: [
    {
      line: '2024-02-10 08:15:00,501 - payments.worker - ERROR - charge failed for order 8812: card declined',
      expect: { timestamp: '2024-02-10T08:15:00.501Z', level: 'error', message: 'charge failed for order 8812: card declined' },
    },
  ],
};

export const glog: RegexFormat = {
  name: 'glog',
  title: 'Google glog / klog',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?<time>(?<level>[IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6})\s+(?<thread>\d+) (?<file>[^ \]]+:\d+)\] (?<message>.*)$`,
  samples: [
    {
      line: 'E0517 15:04:22.619632 1952452992 logging_unittest.cc:253] Log every 3, iteration 19',
      expect: { level: 'error', message: 'Log every 3, iteration 19' },
    },
    {
      line: 'I0517 15:04:22.619642  952452992 logging_unittest.cc:259] Log if every 1, iteration 19',
      expect: { level: 'info' },
    },
  ],
};

export const postgres: RegexFormat = {
  name: 'postgres',
  title: 'PostgreSQL server log',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Z]{2,5}| [+-]\d{2}(?::?\d{2})?)?) \[(?<pid>\d+)\](?:[^:]*?)? (?<level>LOG|ERROR|WARNING|FATAL|PANIC|DETAIL|HINT|STATEMENT|NOTICE|INFO|DEBUG\d?):\s+(?<message>.*)$`,
  startsWithDigit: true,
  samples: [
    {
      line: '2025-08-13 01:45:01.123 PDT [12345] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
      expect: { level: 'info', message: 'listening on IPv4 address "0.0.0.0", port 5432' },
    },
    {
      line: '2025-08-13 01:47:12.001 PDT [12399] ERROR:  relation "users2" does not exist at character 15',
      expect: { level: 'error', message: 'relation "users2" does not exist at character 15' },
    },
  ],
};

export const vmwareVpxd: RegexFormat = {
  name: 'vpxd',
  title: 'VMware vCenter vpxd',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})) (?<level>[a-z]+) (?<app>[\w-]+)\[(?<pid>\d+)\] (?:\[(?<context>[^\]]*)\] )?(?<message>.*)$`,
  startsWithDigit: true,
  samples: [
    {
      line: '2022-06-02T11:58:12.194Z info vpxd[45715] [Originator@6876 sub=vpxLro opID=7e1280cf] [VpxLRO] -- FINISH lro-846063',
      expect: { timestamp: '2022-06-02T11:58:12.194Z', level: 'info', message: '[VpxLRO] -- FINISH lro-846063' },
    },
  ],
};

export const zapConsole: RegexFormat = {
  name: 'zap-console',
  title: 'Go zap console encoder (tab-separated)',
  kind: 'regex',
  multiline: true,
  pattern: String.raw`^(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))\t(?<level>[a-zA-Z]+)\t(?:(?<caller>[^\t]+)\t)?(?<message>[^\t]*)(?:\t(?<fields>\{.*\}))?$`,
  startsWithDigit: true,
  samples: [
    {
      line: '2025-04-24T22:09:20.856Z\terror\tinternal/queue_sender.go:128\tExporting failed. Dropping data.\t{"otelcol.signal": "metrics"}',
      expect: { level: 'error', message: 'Exporting failed. Dropping data.' },
    },
  ],
};
