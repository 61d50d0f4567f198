// Plaid's official Node SDK (npm `plaid`, unmodified) against a Plaid API such as `tuilink serve`.
//
//   node tests/node/calls.mjs BASE_URL [CLIENT_ID] [SECRET] < calls.json
//
// (or PLAID_BASE_URL, PLAID_CLIENT_ID, PLAID_SECRET in the environment). stdin is a JSON array of calls,
// each {"method": "<a PlaidApi method, e.g. linkTokenCreate>", "request": {...}, "name": "<optional label>"}.
// They run in order, one at a time; for each, one JSON line goes to stdout:
//   {"method", "name", "ok": true,  "status", "data"}                the SDK's response.data
//   {"method", "name", "ok": false, "status", "error"}               Plaid's error object as the server sent it
// A string anywhere in a request that is a reference to an earlier call is replaced by the value it names:
//   "$2.access_token"                    field access_token of the data of call 2 (counting from 0)
//   "$exchange.access_token"             the same, by the call's "name"
//   "$accounts.accounts.0.account_id"    dots walk into objects and arrays
//   "$$..."                              a literal string starting with "$"
// A reference that cannot be resolved (the call it names failed, a missing field) fails its call without
// sending it: status null and error {"error_type": "RUNNER", "error_code": "UNRESOLVED_REFERENCE", ...}; so does
// a method PlaidApi does not have (UNKNOWN_METHOD). The exit status is 0 whenever every call was reported, even
// the failed ones (the caller judges); 2 for unusable input.
import plaid from 'plaid';

const { Configuration, PlaidApi } = plaid;

class RunnerError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function usage(message) {
  process.stderr.write(`calls.mjs: ${message}\n`);
  process.exit(2);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function lookup(results, byName, reference) {
  const [head, ...path] = reference.split('.');
  const index = /^\d+$/.test(head) ? Number(head) : byName.get(head);
  if (index === undefined || index >= results.length) {
    throw new RunnerError('UNRESOLVED_REFERENCE', `$${reference}: no earlier call ${head}`);
  }
  const earlier = results[index];
  if (!earlier.ok) {
    throw new RunnerError('UNRESOLVED_REFERENCE', `$${reference}: call ${head} (${earlier.method}) failed`);
  }
  let value = earlier.data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      throw new RunnerError('UNRESOLVED_REFERENCE', `$${reference}: call ${head} has no ${key} there`);
    }
    value = value[key];
  }
  return value;
}

function resolve(value, results, byName) {
  if (typeof value === 'string' && value.startsWith('$')) {
    return value.startsWith('$$') ? value.slice(1) : lookup(results, byName, value.slice(1));
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, results, byName));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, results, byName)]));
  }
  return value;
}

async function run(client, call, results, byName) {
  const head = { method: call.method, name: call.name ?? null };
  try {
    if (typeof client[call.method] !== 'function' || call.method.startsWith('_')) {
      throw new RunnerError('UNKNOWN_METHOD', `PlaidApi has no method ${call.method}`);
    }
    const request = resolve(call.request ?? {}, results, byName);
    const response = await client[call.method](request);
    return { ...head, ok: true, status: response.status, data: response.data };
  } catch (err) {
    if (err instanceof RunnerError) {
      const error = { error_type: 'RUNNER', error_code: err.code, error_message: err.message };
      return { ...head, ok: false, status: null, error };
    }
    if (err && err.response) {  // the server answered with an HTTP error: Plaid's error object
      return { ...head, ok: false, status: err.response.status, error: err.response.data };
    }
    // no answer at all (connection refused, timeout, ...)
    const error = {
      error_type: 'TRANSPORT', error_code: err?.code ?? 'ERROR', error_message: String(err?.message ?? err),
    };
    return { ...head, ok: false, status: null, error };
  }
}

async function main() {
  const [basePath = process.env.PLAID_BASE_URL, clientId = process.env.PLAID_CLIENT_ID ?? 'test-client',
    secret = process.env.PLAID_SECRET ?? 'test-secret'] = process.argv.slice(2);
  if (!basePath) usage('usage: node calls.mjs BASE_URL [CLIENT_ID] [SECRET] < calls.json');
  let calls;
  try {
    calls = JSON.parse(await readStdin());
  } catch (err) {
    usage(`stdin is not JSON: ${err.message}`);
  }
  if (!Array.isArray(calls) || !calls.every((c) => c && typeof c.method === 'string')) {
    usage('stdin must be a JSON array of {"method": ..., "request": {...}}');
  }
  const client = new PlaidApi(new Configuration({
    basePath,
    baseOptions: {
      headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret, 'Plaid-Version': '2020-09-14' },
      timeout: 30000,
    },
  }));
  const results = [];
  const byName = new Map();
  for (const call of calls) {
    const result = await run(client, call, results, byName);
    if (call.name) byName.set(call.name, results.length);
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

await main();
