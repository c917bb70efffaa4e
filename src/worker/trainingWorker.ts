// STUB (issue 3 fills this in): the training child process.
process.stderr.write('recur training worker: not built yet\n');
process.exit(2);
