#!/usr/bin/env bash
# Fault and load tests (issue 6, "Nothing breaks it"): release build, one test at a time, figures
# printed on `FIGURES` lines (docs/reliability.md records them). Takes about 5 minutes.
#
#   scripts/reliability.sh                 # all of them
#   scripts/reliability.sh kill_9          # those whose name contains `kill_9`
#
# Knobs (environment): RELOADS, RATE, COPIES (reload under load); KILLS, KILL_COPIES, SEED
# (kill -9); TINY_FILES, HUGE_MB (hostile corpus); CHATS, PER_CHAT (flaky Telegram);
# SIGTERM_ROUNDS, IN_FLIGHT (SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
log="${TMPDIR:-/tmp}/fangtan-reliability.log"
set +e
cargo test --release --test reliability -- --ignored --nocapture --test-threads=1 "$@" 2>&1 |
    tee "$log" | grep -E '^(FIGURES|test |test result|thread .* panicked)'
status=${PIPESTATUS[0]}
echo "full log: $log"
exit "$status"
