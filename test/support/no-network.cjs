// Makes networking fail in this process and every Node process it starts, and records each
// attempt: loaded with `node --require test/support/no-network.cjs` (or NODE_OPTIONS, which
// child processes inherit). The tests load it into the CLI, the training process and the
// extension host, so that "nothing leaves the machine" is checked, not claimed: a
// dependency that phones home makes `npm test` fail.
//
// Blocked: TCP and TLS connections (net.Socket#connect, which http, https, tls, http2 and
// undici all go through), DNS (dns.lookup, dns.resolve*, dns.promises, Resolver), UDP
// (dgram send/connect) and fetch. Local IPC (a connect to a Unix socket path, pipes, the
// child-process channel) is not networking and is left alone. A blocked call fails the way
// an offline machine fails it (an 'error' event, a rejected promise, an error callback),
// never by sending anything.
//
// RECUR_NET_LOG=FILE: one JSON line per process on load ({kind:'loaded', pid, argv}) and per
// blocked attempt ({kind:'blocked', api, target, pid, argv, stack}).
// RECUR_NET_GUARD_EXEMPT=TEXT: a process whose script path (argv[1]) contains TEXT is left
// alone (recorded as {kind:'exempt'}): the in-host run exempts code-server's own server
// process, which is not Recur's, while its extension host and their children are guarded.
// A DNS lookup of an IP address literal is answered locally and is allowed.
'use strict';
const fs = require('node:fs');

const logFile = process.env.RECUR_NET_LOG;
const record = (entry) => {
  if (!logFile) return;
  try {
    fs.appendFileSync(logFile, JSON.stringify({ ...entry, pid: process.pid, argv: process.argv.slice(0, 3) }) + '\n');
  } catch {
    /* the log is best effort; the block is not */
  }
};
const exempt = process.env.RECUR_NET_GUARD_EXEMPT;
if (!globalThis.__recurNoNetwork && exempt && (process.argv[1] ?? '').includes(exempt)) {
  globalThis.__recurNoNetwork = 'exempt';
  record({ kind: 'exempt' });
}
if (!globalThis.__recurNoNetwork) {
  globalThis.__recurNoNetwork = true;
  const blocked = (api, target) => {
    const error = new Error(`network access blocked by the test guard: ${api} ${target}`);
    error.code = 'ENETUNREACH';
    record({ kind: 'blocked', api, target: String(target), stack: new Error().stack });
    return error;
  };
  record({ kind: 'loaded' });

  const net = require('node:net');
  const realConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function connect(...args) {
    let options = args[0];
    if (Array.isArray(options)) options = options[0]; // the internal normalized form
    if (typeof options === 'string' && !/^\d+$/.test(options)) return realConnect.apply(this, args); // a Unix socket path
    if (options && typeof options === 'object' && options.path) return realConnect.apply(this, args);
    const target = typeof options === 'object' && options ? `${options.host ?? 'localhost'}:${options.port}` : `${args[1] ?? 'localhost'}:${options}`;
    const error = blocked('net.connect', target);
    process.nextTick(() => this.destroy(error));
    return this;
  };

  const dns = require('node:dns');
  const callbackApi = (name) => {
    const real = dns[name];
    if (typeof real !== 'function') return;
    dns[name] = function (...args) {
      if (name === 'lookup' && typeof args[0] === 'string' && net.isIP(args[0])) return real.apply(this, args); // no network: a literal
      const callback = args.findLast((a) => typeof a === 'function');
      const error = blocked(`dns.${name}`, args[0]);
      if (callback) process.nextTick(() => callback(error));
      else throw error;
      return {};
    };
  };
  for (const name of [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCname',
    'resolveMx',
    'resolveNs',
    'resolveTxt',
    'resolveSrv',
    'resolvePtr',
    'resolveNaptr',
    'resolveSoa',
    'resolveCaa',
    'reverse',
  ])
    callbackApi(name);
  const promiseApi = (target, prefix) => {
    for (const name of Object.keys(target)) {
      if (!/^(lookup|lookupService|resolve|reverse)/.test(name) || typeof target[name] !== 'function') continue;
      const real = target[name];
      target[name] = async (host, ...rest) => {
        if (name === 'lookup' && typeof host === 'string' && net.isIP(host)) return real.call(target, host, ...rest);
        throw blocked(`${prefix}.${name}`, host);
      };
    }
  };
  promiseApi(dns.promises, 'dns.promises');
  for (const proto of [dns.Resolver?.prototype, dns.promises.Resolver?.prototype]) {
    if (!proto) continue;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (!/^(resolve|reverse)/.test(name)) continue;
      const isPromise = proto === dns.promises.Resolver?.prototype;
      proto[name] = isPromise
        ? async (host) => {
            throw blocked(`Resolver.${name}`, host);
          }
        : (host, ...rest) => {
            const callback = rest.findLast((a) => typeof a === 'function');
            const error = blocked(`Resolver.${name}`, host);
            if (callback) process.nextTick(() => callback(error));
          };
    }
  }

  const dgram = require('node:dgram');
  for (const name of ['send', 'connect']) {
    dgram.Socket.prototype[name] = function (...args) {
      const callback = args.findLast((a) => typeof a === 'function');
      const error = blocked(`dgram.${name}`, args.slice(1).find((a) => typeof a === 'string') ?? '?');
      process.nextTick(() => (callback ? callback(error) : this.emit('error', error)));
    };
  }

  if (typeof globalThis.fetch === 'function') {
    globalThis.fetch = async (input) => {
      throw Object.assign(new TypeError('fetch failed'), { cause: blocked('fetch', typeof input === 'string' ? input : (input?.url ?? String(input))) });
    };
  }
}
