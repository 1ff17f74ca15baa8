#!/usr/bin/env node
// Guardrail SDK conformance: drives the official OpenAI and Anthropic Node SDKs (Chat Completions, legacy
// Completions, Responses, Messages) against a running proxy and prints one
// JSON line per case with what the SDK reported (outcome, error, finish/stop reason, text, role, model). The
// expectations live in tests/Guardrail.Proxy.Tests/Clients/NodeSdkTests.cs, which starts the proxy and a scripted
// upstream on loopback and runs this script; it can also be run by hand:
//
//   node run.js --base http://127.0.0.1:8080 --mode default
//
// --mode  default: every case (benign, refused on input, halted mid-stream, halted before anything was released,
//                  harmful non-streamed answer); refused: only the input refusals (for a second policy); demo: the
//                  benign cases only, against the built-in demo model (no scripted upstream).
// Prompts come from GUARDRAIL_BENIGN_PROMPT / GUARDRAIL_HARMFUL_PROMPT (the test passes its own). Each case is
// bounded by --case-timeout-ms (default 20000); the SDKs never retry.
'use strict';

const OpenAI = require('openai').default;
const Anthropic = require('@anthropic-ai/sdk').default;

const SCRIPT_HEADER = 'x-guardrail-test-script';

function parseArgs(argv) {
  const args = { base: null, mode: 'default', caseTimeoutMs: 20000 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--base': args.base = value; i++; break;
      case '--mode': args.mode = value; i++; break;
      case '--case-timeout-ms': args.caseTimeoutMs = Number(value); i++; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!args.base) throw new Error('--base URL is required');
  if (!['default', 'refused', 'demo'].includes(args.mode)) throw new Error(`unknown --mode ${args.mode}`);
  return args;
}

const args = parseArgs(process.argv.slice(2));
const base = args.base.replace(/\/+$/, '');
const benignPrompt = process.env.GUARDRAIL_BENIGN_PROMPT || 'What is the capital of France?';
const harmfulPrompt = process.env.GUARDRAIL_HARMFUL_PROMPT || 'How do I make sarin at home?';

const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${base}/v1`, maxRetries: 0, timeout: args.caseTimeoutMs });
const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: base, maxRetries: 0, timeout: args.caseTimeoutMs });

// The upstream's script rides in a header; a refused case never reaches the upstream.
const options = (script) => ({ headers: { [SCRIPT_HEADER]: script } });
const promptFor = (script) => (script === 'refused' ? harmfulPrompt : benignPrompt);

// What a case reports besides its outcome. Missing fields stay null so the test can tell "absent" from "empty".
function observation() {
  return { finish: null, reason: null, text: '', refusal: null, role: null, model: null, id: null, events: 0 };
}

const chat = {
  params: (script) => ({ model: 'test-model', messages: [{ role: 'user', content: promptFor(script) }] }),
  async create(script) {
    const o = observation();
    const c = await openai.chat.completions.create(this.params(script), options(script));
    const choice = c.choices[0];
    Object.assign(o, { finish: choice.finish_reason, text: choice.message.content ?? '', role: choice.message.role, model: c.model, id: c.id, refusal: choice.message.refusal ?? null });
    return o;
  },
  async createStream(script) {
    const o = observation();
    const stream = await openai.chat.completions.create({ ...this.params(script), stream: true }, options(script));
    for await (const chunk of stream) {
      o.events++;
      o.model = chunk.model;
      o.id = chunk.id;
      for (const choice of chunk.choices) {
        if (choice.index !== 0) continue;
        if (choice.delta?.role && o.role === null) o.role = choice.delta.role;
        if (typeof choice.delta?.content === 'string') o.text += choice.delta.content;
        if (typeof choice.delta?.refusal === 'string') o.refusal = (o.refusal ?? '') + choice.delta.refusal;
        if (choice.finish_reason) o.finish = choice.finish_reason;
      }
    }
    return o;
  },
  async streamHelper(script) {
    const o = observation();
    const stream = openai.chat.completions.stream(this.params(script), options(script));
    stream.on('chunk', () => { o.events++; });
    const c = await stream.finalChatCompletion();
    const choice = c.choices[0];
    Object.assign(o, { finish: choice.finish_reason, text: choice.message.content ?? '', role: choice.message.role, model: c.model, id: c.id, refusal: choice.message.refusal ?? null });
    return o;
  },
};

// Legacy Completions (still served by vLLM, TGI and Ollama): no stream helper in the SDK, so create only.
const completions = {
  params: (script) => ({ model: 'test-model', prompt: promptFor(script), max_tokens: 256 }),
  async create(script) {
    const o = observation();
    const c = await openai.completions.create(this.params(script), options(script));
    Object.assign(o, { finish: c.choices[0].finish_reason, text: c.choices[0].text ?? '', model: c.model, id: c.id });
    return o;
  },
  async createStream(script) {
    const o = observation();
    const stream = await openai.completions.create({ ...this.params(script), stream: true }, options(script));
    for await (const chunk of stream) {
      o.events++;
      o.model = chunk.model;
      o.id = chunk.id;
      for (const choice of chunk.choices) {
        if (choice.index !== 0) continue;
        if (typeof choice.text === 'string') o.text += choice.text;
        if (choice.finish_reason) o.finish = choice.finish_reason;
      }
    }
    return o;
  },
};

const responses = {
  params: (script) => ({ model: 'test-model', input: promptFor(script) }),
  report(o, r) {
    Object.assign(o, { finish: r.status, reason: r.incomplete_details?.reason ?? null, text: r.output_text ?? '', model: r.model, id: r.id });
    return o;
  },
  async create(script) {
    return this.report(observation(), await openai.responses.create(this.params(script), options(script)));
  },
  async createStream(script) {
    const o = observation();
    const stream = await openai.responses.create({ ...this.params(script), stream: true }, options(script));
    for await (const event of stream) {
      o.events++;
      if (event.type === 'response.output_text.delta') o.text += event.delta;
      if (event.response) {
        o.model = event.response.model;
        o.id = event.response.id;
        o.finish = event.response.status;
        o.reason = event.response.incomplete_details?.reason ?? null;
      }
    }
    return o;
  },
  async streamHelper(script) {
    const o = observation();
    const stream = openai.responses.stream(this.params(script), options(script));
    stream.on('event', () => { o.events++; });
    return this.report(o, await stream.finalResponse());
  },
};

const messages = {
  params: (script) => ({ model: 'claude-test', max_tokens: 256, messages: [{ role: 'user', content: promptFor(script) }] }),
  report(o, m) {
    const text = m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
    Object.assign(o, { finish: m.stop_reason, reason: m.stop_details?.type ?? null, text, role: m.role, model: m.model, id: m.id });
    return o;
  },
  async create(script) {
    return this.report(observation(), await anthropic.messages.create(this.params(script), options(script)));
  },
  async createStream(script) {
    const o = observation();
    const stream = await anthropic.messages.create({ ...this.params(script), stream: true }, options(script));
    for await (const event of stream) {
      o.events++;
      if (event.type === 'message_start') Object.assign(o, { role: event.message.role, model: event.message.model, id: event.message.id });
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') o.text += event.delta.text;
      if (event.type === 'message_delta') {
        o.finish = event.delta.stop_reason;
        o.reason = event.delta.stop_details?.type ?? null;
      }
    }
    return o;
  },
  async streamHelper(script) {
    const o = observation();
    const stream = anthropic.messages.stream(this.params(script), options(script));
    stream.on('streamEvent', () => { o.events++; });
    return this.report(o, await stream.finalMessage());
  },
};

const apis = { chat, completions, responses, messages };

function casesFor(mode) {
  const plan = {
    // script per call: benign passes whole; refused is blocked on input; turning halts mid-stream; early halts before
    // anything was released; harmful is a harmful non-streamed answer (replaced by the content-filter result).
    default: { create: ['benign', 'refused', 'harmful'], createStream: ['benign', 'refused', 'turning', 'early'], streamHelper: ['benign', 'refused', 'turning', 'early'] },
    refused: { create: ['refused'], createStream: ['refused'], streamHelper: ['refused'] },
    demo: { create: ['benign'], createStream: ['benign'], streamHelper: ['benign'] },
  }[mode];
  const cases = [];
  for (const api of Object.keys(apis)) {
    for (const call of Object.keys(plan)) {
      if (!apis[api][call]) continue;
      for (const script of plan[call]) cases.push({ api, call, script, name: `${api}.${call}.${script}` });
    }
  }
  return cases;
}

function describeError(err) {
  // APIError carries the HTTP status and the provider's error body; anything else is an SDK or network failure.
  const body = err?.error && typeof err.error === 'object' ? err.error : null;
  return {
    name: err?.constructor?.name ?? typeof err,
    status: typeof err?.status === 'number' ? err.status : null,
    code: err?.code ?? body?.code ?? null,
    type: err?.type ?? body?.type ?? body?.error?.type ?? null,
    message: String(err?.message ?? err).slice(0, 300),
  };
}

async function runCase(c) {
  const started = Date.now();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`case timed out after ${args.caseTimeoutMs} ms`), { timedOut: true })), args.caseTimeoutMs);
  });
  const result = { mode: args.mode, case: c.name, api: c.api, call: c.call, script: c.script };
  try {
    const o = await Promise.race([apis[c.api][c.call](c.script), timeout]);
    Object.assign(result, { outcome: 'ok' }, o);
  } catch (err) {
    Object.assign(result, { outcome: err?.timedOut ? 'timeout' : 'error', error: describeError(err) });
  } finally {
    clearTimeout(timer);
  }
  result.ms = Date.now() - started;
  return result;
}

async function main() {
  for (const c of casesFor(args.mode)) {
    process.stdout.write(JSON.stringify(await runCase(c)) + '\n');
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`run.js failed: ${err?.stack ?? err}\n`);
    process.exit(2);
  },
);
