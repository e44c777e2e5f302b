/** Public entry of the template miner (engine code: no vscode, no node I/O). */
export { TemplateMiner, DEFAULT_MINER_OPTIONS } from './miner';
export type { MinerOptions } from './miner';
export { maskMessage, maskMessageText, WILDCARD } from './masking';
export { groupingAccuracy } from './groupingAccuracy';
export { parseCsv, parseCsvWithHeader } from './csv';
