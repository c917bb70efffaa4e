#!/usr/bin/env node
// `recur` command: the headless CLI (train / eval / sample / complete). Built by `npm run build`.
require('../dist/cli.js');
