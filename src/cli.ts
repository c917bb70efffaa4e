// STUB (issue 3 fills this in): the headless CLI.
process.stderr.write('recur: the CLI is not built yet\n');
process.exit(2);
