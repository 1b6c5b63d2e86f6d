#!/usr/bin/env bash
# Stops the API and worker started by npm run demo.
cd "$(dirname "$0")/.."
for p in api worker; do
  if [ -f ".demo/$p.pid" ]; then
    kill "$(cat ".demo/$p.pid")" 2>/dev/null && echo "stopped $p"
    rm -f ".demo/$p.pid"
  fi
done
