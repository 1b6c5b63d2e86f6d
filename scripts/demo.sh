#!/usr/bin/env bash
# npm run demo: on a fresh machine, services up, migrate, a generated Kutai Timur plus the named examples of
# scripts/demo-examples.ts (a case for every rule), API and worker, one sweep, then the console URL and a login
# per role. Uses its own database (patuh_demo) unless DATABASE_URL is set.
# Stop it with: npm run demo:stop
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-mysql://root@127.0.0.1:3306/patuh_demo}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export QUEUE_PREFIX="${QUEUE_PREFIX:-patuh_demo}"
export PORT="${PORT:-3000}"
# The demo listens on loopback only (its logins are printed below): not reachable from the network.
export HOST=127.0.0.1
export JWT_SECRET="${JWT_SECRET:-demo-only-secret-$(hostname)-patuh}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
WORKERS="${DEMO_WORKERS:-4000}"
EMPLOYERS="${DEMO_EMPLOYERS:-80}"
mkdir -p .demo
step() { echo; echo "==> $*"; }

step "Services (MySQL/MariaDB and Redis)"
bash scripts/services.sh

bash scripts/demo-stop.sh >/dev/null 2>&1 || true

[ -d node_modules ] || { step "Installing dependencies"; npm install --no-audit --no-fund; }

step "Building the API and the worker"
npm run --silent build >.demo/build.log 2>&1 || { cat .demo/build.log; exit 1; }

step "Migrating $DATABASE_URL"
npm run --silent db:migrate

step "Emptying the demo's queues (prefix $QUEUE_PREFIX)"
# The database is reset below and its sweep ids start again at 1: jobs of an earlier demo (sweep-1-start…) would
# otherwise be taken for the new sweep's and never run.
node -e '
const Redis = require("ioredis");
const r = new Redis(process.env.REDIS_URL);
(async () => {
  let cursor = "0", n = 0;
  do {
    const [next, keys] = await r.scan(cursor, "MATCH", process.env.QUEUE_PREFIX + ":*", "COUNT", 1000);
    cursor = next;
    if (keys.length) n += await r.del(...keys);
  } while (cursor !== "0");
  console.log(n + " keys removed");
  await r.quit();
})().catch((e) => { console.error(e.message); process.exit(1); });
'

step "Generating a synthetic Kutai Timur: $WORKERS workers at $EMPLOYERS employers"
npm run --silent generate -- --workers "$WORKERS" --employers "$EMPLOYERS" --reset --bpjs .demo/bpjs-records.csv
step "Demo users and the named examples"
SETUP=$(npx ts-node --transpile-only -r tsconfig-paths/register scripts/demo-setup.ts)

step "Starting the API (port $PORT) and a worker"
nohup node dist/apps/api/main.js >.demo/api.log 2>&1 &
echo $! >.demo/api.pid
nohup node dist/apps/worker/main.js >.demo/worker.log 2>&1 &
echo $! >.demo/worker.pid
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fsS "$URL/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$URL/health/ready" >/dev/null || { echo "the API did not become ready; see .demo/api.log"; tail -20 .demo/api.log; exit 1; }

step "Loading BPJS Ketenagakerjaan's records (the generated load, docs/bpjs-records.md)"
ADMIN=$(curl -fsS -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"admin@patuh.local","password":"admin-patuh-2025"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
# The generator wrote the load as of today (its default --as-of), in BUSINESS_TZ.
BPJS_AS_OF=$(node -pe 'new Intl.DateTimeFormat("en-CA", { timeZone: process.env.BUSINESS_TZ || "Asia/Makassar" }).format(new Date())')
LOAD=$(curl -fsS -X POST "$URL/api/v1/bpjs-records?asOf=$BPJS_AS_OF" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: text/csv' -H 'Idempotency-Key: demo-bpjs-load' --data-binary @.demo/bpjs-records.csv | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
for _ in $(seq 1 240); do
  LSTATUS=$(curl -fsS "$URL/api/v1/bpjs-records/loads/$LOAD" -H "Authorization: Bearer $ADMIN" | node -pe 'const l=JSON.parse(require("fs").readFileSync(0)); l.status==="queued"||l.status==="processing" ? "running" : l.status+" "+JSON.stringify(l.counts)')
  [ "$LSTATUS" != running ] && break
  sleep 0.5
done
echo "BPJS load $LOAD: $LSTATUS"

step "Running a sweep"
TOKEN=$(curl -fsS -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"supervisor@patuh.local","password":"supervisor-patuh-2025"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
SWEEP=$(curl -fsS -X POST "$URL/api/v1/sweeps" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
for _ in $(seq 1 240); do
  STATUS=$(curl -fsS "$URL/api/v1/sweeps/$SWEEP" -H "Authorization: Bearer $TOKEN" | node -pe 'const s=JSON.parse(require("fs").readFileSync(0)); s.status==="completed"||s.status==="failed" ? s.status+" "+JSON.stringify(s) : "running"')
  [ "$STATUS" != running ] && break
  sleep 0.5
done
echo "sweep $SWEEP: $STATUS"

node -e '
const setup = JSON.parse(process.argv[1]); const url = process.argv[2];
console.log("\nPatuh is running.\n");
console.log("  Console (open in a browser): " + url + "/console/");
console.log("  API: " + url + "/api/v1   OpenAPI: " + url + "/api/docs\n");
console.log("Sign in (the console, or POST /api/v1/auth/login) as:");
for (const u of setup.users)
  console.log("  " + u.role.padEnd(11) + u.email.padEnd(26) + u.password.padEnd(24) +
    (u.districts ? "districts: " + u.districts.join(", ") : "all districts"));
const ids = setup.examples || {};
if (Object.keys(ids).length)
  console.log("\nNamed examples (a case for every rule, judged on " + setup.asOf + "): employers " +
    Object.entries(ids).map(([k, id]) => k + " #" + id).join(", ") + " (scripts/demo-examples.ts)");
if (setup.employer) console.log("\nEmployer API key for " + setup.employer.name + " (id " + setup.employer.id + "):\n  " + setup.employer.apiKey);
if (setup.clerk) console.log("\nEmployer portal (" + url + "/portal/, the same sign-in page) for " + setup.clerk.employerName + ":\n  employer   " + setup.clerk.email.padEnd(26) + setup.clerk.password);
console.log("\nLogs in .demo/; stop with: npm run demo:stop");
' "$SETUP" "$URL"
