// Runs the CLI in this process and reports its peak memory on exit, for the hostile-input table.
// Usage: node test/hostile/measure.cjs <cli args…>   (prints "@@maxrss <KiB>" on stderr at exit)
'use strict';
const path = require('node:path');
process.on('exit', () => {
  process.stderr.write(`@@maxrss ${process.resourceUsage().maxRSS}\n`);
});
process.argv.splice(1, 1, path.resolve(__dirname, '../../out/cli.js'));
require(path.resolve(__dirname, '../../out/cli.js'));
