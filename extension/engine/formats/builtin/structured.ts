import type { GenericFormat, JsonFormat, LogfmtFormat } from '../types';

export const jsonLines: JsonFormat = {
  name: 'json',
  title: 'JSON lines (pino, bunyan, zap, logrus, ECS, Docker json-file, …)',
  kind: 'json',
  multiline: false,
  samples: [
    {
      // bunyan: numeric level, hostname
      line: '{"name":"renovate","hostname":"renovate-gitlab-67c4","pid":7,"level":50,"msg":"Repository failed","time":"2023-03-24T14:26:16.243Z","v":0}',
      expect: { timestamp: '2023-03-24T14:26:16.243Z', level: 'error', host: 'renovate-gitlab-67c4', message: 'Repository failed' },
    },
    {
      // zap production encoder: epoch-seconds float ts
      line: '{"level":"warn","ts":1761019822.3152757,"msg":"disk almost full","free":"3%"}',
      expect: { timestamp: '2025-10-21T04:10:22.315Z', level: 'warn', message: 'disk almost full' },
    },
    {
      // Elastic ECS: dotted and nested keys
      line: '{"@timestamp":"2024-05-01T10:00:00.000Z","log.level":"error","message":"payment declined","host":{"name":"api-7"},"session_id":"s-42"}',
      expect: { level: 'error', host: 'api-7', message: 'payment declined', session: 's-42' },
    },
    {
      // Docker json-file: the line is in "log"
      line: '{"log":"GET /health 200\\n","stream":"stdout","time":"2024-05-01T10:00:01.5Z"}',
      expect: { timestamp: '2024-05-01T10:00:01.500Z', message: 'GET /health 200' },
    },
    {
      // docker-compose prefix in front of the JSON: the service is the host
      line: 'caddy  | {"level":"info","ts":1761019822.31575,"msg":"adapted config to JSON","adapter":"caddyfile"}',
      expect: { level: 'info', host: 'caddy', message: 'adapted config to JSON' },
    },
    {
      // caddy/zap access entry: a bare fractional duration is seconds
      line: '{"level":"info","ts":1761019830.5,"msg":"handled request","status":502,"duration":0.25,"size":12}',
      expect: { status: 502, level: 'info', responseTimeMs: 250, bytes: 12 },
    },
    {
      // Rust tracing: the message is nested in "fields"
      line: '{"timestamp":"2025-10-28T19:15:10.821315Z","level":"INFO","fields":{"message":"shaving yaks"},"target":"fmt_json::yak_shave"}',
      expect: { timestamp: '2025-10-28T19:15:10.821Z', level: 'info', message: 'shaving yaks' },
    },
  ],
};

export const logfmt: LogfmtFormat = {
  name: 'logfmt',
  title: 'logfmt (key=value pairs)',
  kind: 'logfmt',
  multiline: false,
  samples: [
    {
      line: 'time="2021-09-15T21:17:10.220731Z" level=error msg="error retrieving pod status: pod x is not found" namespace=inc-1 reason= status=Pending',
      expect: { timestamp: '2021-09-15T21:17:10.220Z', level: 'error', message: 'error retrieving pod status: pod x is not found' },
    },
    {
      line: 'ts=2024-01-02T03:04:05Z lvl=warn host=db-2 sid=abc123 msg="slow query" duration=1.2s',
      expect: { level: 'warn', host: 'db-2', session: 'abc123', message: 'slow query' },
    },
  ],
};

export const generic: GenericFormat = {
  name: 'generic',
  title: 'Generic (timestamp … level … message)',
  kind: 'generic',
  multiline: true,
  samples: [
    {
      line: '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
      expect: { timestamp: '2008-11-09T20:36:15.000Z', level: 'info', message: 'PacketResponder 1 for block blk_38865049064139660 terminating' },
    },
    {
      line: '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
      expect: { timestamp: '2005-12-04T04:47:44.000Z', level: 'error', message: 'mod_jk child workerEnv in error state 6' },
    },
    {
      line: '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505',
      expect: { timestamp: '2016-09-28T04:30:30.000Z', level: 'info' },
    },
  ],
};
