// Seckill burst for k6 (https://k6.io): one POST /voucher-order/seckill/{VOUCHER_ID} per token of
// TOKENS_FILE, spread evenly over RAMP_WINDOW — the seed's scenario. Answers are counted by `code`.
// The thresholds fail the run on a transport error, on any 5xx, on an accepted count above STOCK
// (when given), and when k6 could not start every request on time.
//
//   ./seckill gen-tokens --in users.csv --out tokens.csv
//   k6 run -e BASE_URL=http://127.0.0.1:8081 -e VOUCHER_ID=12 -e TOKENS_FILE=../../tokens.csv \
//          -e RAMP_WINDOW=10s -e STOCK=1000 scripts/k6/seckill.js
//
// TOKENS_FILE is read relative to this script. MAX_VUS (default 200) bounds the concurrency.
// The built-in generator (./seckill bench) is what the project measures with; this script is for
// people who have k6 and want the seed's view. See docs/benchmarks.md.

import http from 'k6/http';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { SharedArray } from 'k6/data';

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8081').replace(/\/+$/, '');
const VOUCHER_ID = __ENV.VOUCHER_ID;
const TOKENS_FILE = __ENV.TOKENS_FILE || '../../tokens.csv';
const RAMP_WINDOW = __ENV.RAMP_WINDOW || '10s';
const STOCK = __ENV.STOCK ? parseInt(__ENV.STOCK, 10) : null;
const MAX_VUS = parseInt(__ENV.MAX_VUS || '200', 10);

if (!VOUCHER_ID) {
  throw new Error('VOUCHER_ID is required (the id answered by POST /voucher/seckill)');
}

const tokens = new SharedArray('tokens', () =>
  open(TOKENS_FILE).split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0));

if (tokens.length === 0) {
  throw new Error(`no tokens in ${TOKENS_FILE}`);
}

// every answer, tagged with its `code` (ACCEPTED for a 200 with an order id)
const answers = new Counter('seckill_answers');
const serverErrors = new Counter('seckill_5xx');
const transportErrors = new Counter('seckill_transport_errors');

// 409 (sold out, already ordered) and 429 are answers of a working flash sale, not failures
http.setResponseCallback(http.expectedStatuses(200, 409, 429));

const CODES = ['ACCEPTED', 'SOLD_OUT', 'ALREADY_ORDERED', 'NOT_STARTED', 'ENDED', 'RATE_LIMITED', 'UNAUTHORIZED',
  'VOUCHER_NOT_FOUND', 'UNAVAILABLE', 'OTHER'];

const thresholds = {
  http_req_failed: ['rate==0'],
  seckill_5xx: ['count==0'],
  seckill_transport_errors: ['count==0'],
  dropped_iterations: ['count==0'],
};
// a threshold per code also makes k6 print each code's count in its summary
for (const code of CODES) {
  thresholds[`seckill_answers{code:${code}}`] = code === 'ACCEPTED' && STOCK !== null ? [`count<=${STOCK}`] : ['count>=0'];
}

export const options = {
  scenarios: {
    burst: {
      executor: 'constant-arrival-rate',
      rate: tokens.length,
      timeUnit: RAMP_WINDOW,
      duration: RAMP_WINDOW,
      preAllocatedVUs: Math.min(MAX_VUS, tokens.length),
      maxVUs: Math.min(MAX_VUS, tokens.length),
    },
  },
  thresholds,
  summaryTrendStats: ['avg', 'p(50)', 'p(95)', 'p(99)', 'max'],
};

export default function () {
  const i = exec.scenario.iterationInTest;
  if (i >= tokens.length) {
    return;
  }
  const res = http.post(`${BASE_URL}/voucher-order/seckill/${VOUCHER_ID}`, null, {
    headers: { authorization: tokens[i] },
    tags: { name: 'seckill' },
  });
  if (res.status === 0) {
    transportErrors.add(1);
    return;
  }
  if (res.status >= 500) {
    serverErrors.add(1);
  }
  let code = 'OTHER';
  if (res.status === 200) {
    code = 'ACCEPTED';
  } else {
    try {
      const body = res.json();
      if (body && CODES.includes(body.code)) {
        code = body.code;
      }
    } catch (e) {
      // not JSON: counted as OTHER
    }
  }
  answers.add(1, { code });
}
