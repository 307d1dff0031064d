#!/usr/bin/env bash
# Issue 9's read targets, measured on a copy of a demo file (README "Performance").
#
#   benches/scale.sh DB [RUNS]        e.g. benches/scale.sh /work/scale/demo-1m.db 7
#
# Environment: JIEDAI (the binary; default target/release/jiedai under
# $CARGO_TARGET_DIR or ./target), OFFICER (default 王秀兰), SCRATCH (where the copy
# goes; default a temporary folder, removed at the end), JIEDAI_NOW (default
# 2026-11-30T15:00:00+08:00, the demo's today), SKIP (words: reads cli lookup fzf stats backup verify desk),
# STATS_RUNS (default RUNS: `stats` takes a minute at a million people), INPLACE=1
# (measure DB itself, a copy made beforehand: the run writes to it; saves the disk a copy).
#
# Each whole-process command runs RUNS times (default 5) and prints median, p99 (the
# slowest but one from 20 runs on, else the slowest) and max wall time in ms, and its
# peak RSS, with the median of user + sys CPU (/usr/bin/time: 10 ms steps; on a
# shared machine the wall time is mostly the run queue's). The in-process reads
# come from `jiedai bench reads` and `bench lookup`.
# The file is copied first: export, backup and the check-ins write audit rows.
set -euo pipefail

DB=${1:?usage: benches/scale.sh DB [RUNS]}
RUNS=${2:-5}
TARGET=${CARGO_TARGET_DIR:-$(dirname "$0")/../target}
J=${JIEDAI:-$TARGET/release/jiedai}
OFFICER=${OFFICER:-王秀兰}
SKIP=${SKIP:-}
export JIEDAI_NOW=${JIEDAI_NOW:-2026-11-30T15:00:00+08:00}
OWN_SCRATCH=
if [ -z "${SCRATCH:-}" ]; then
    SCRATCH=$(mktemp -d)
    OWN_SCRATCH=1
fi
mkdir -p "$SCRATCH"
COPY=$SCRATCH/scale.db
[ -n "${INPLACE:-}" ] && COPY=$DB
cleanup() {
    tmux kill-session -t jiedai-scale 2>/dev/null || true
    rm -f "$SCRATCH"/out.* "$SCRATCH"/backup.db "$SCRATCH"/names.txt
    [ -z "${INPLACE:-}" ] && rm -f "$COPY"*
    [ -n "$OWN_SCRATCH" ] && rm -rf "$SCRATCH"
    return 0
}
trap cleanup EXIT
skip() { [[ " $SKIP " == *" $1 "* ]]; }

now_ns() { date +%s%N; }

# measure LABEL CMD...: RUNS runs of CMD (stdout discarded), one line of figures.
measure() {
    local label=$1 n=$RUNS
    shift
    local walls=() cpus=() rss=0
    for _ in $(seq "$n"); do
        local t0 t1
        t0=$(now_ns)
        /usr/bin/time -f '%M %U %S' -o "$SCRATCH/time.out" "$@" >/dev/null 2>"$SCRATCH/err.out" || {
            echo "$label: failed: $(tail -1 "$SCRATCH/err.out")"
            return 0
        }
        t1=$(now_ns)
        walls+=($(((t1 - t0) / 1000)))
        local kb user sys
        read -r kb user sys < <(tail -1 "$SCRATCH/time.out")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }')")
        ((kb > rss)) && rss=$kb
    done
    local cpu
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    printf '%s\n' "${walls[@]}" | sort -n | awk -v label="$label" -v rss="$rss" -v cpu="$cpu" '
        { v[NR] = $1 }
        END {
            p99 = NR >= 20 ? v[NR - 1] : v[NR]
            printf "%-40s %3d runs  median %8.1f  p99 %8.1f  max %8.1f ms  CPU median %7.0f ms  peak RSS %6.1f MB\n",
                label, NR, v[int((NR + 1) / 2)] / 1000, p99 / 1000, v[NR] / 1000, cpu, rss / 1024
        }'
}

echo "== $(date -u +%FT%TZ) $(uptime)"
if [ -z "${INPLACE:-}" ]; then
    echo "== copying $DB"
    cp --sparse=always "$DB" "$COPY"
fi
SIZE=$(stat -c %s "$COPY")
if command -v sqlite3 >/dev/null; then
    sqlite3 "$COPY" "SELECT 'people ' || (SELECT count(*) FROM petitioners) || ', contacts ' ||
        (SELECT count(*) FROM contacts) || ', cases ' || (SELECT count(*) FROM cases) ||
        ', events ' || (SELECT count(*) FROM events)"
fi
echo "file $((SIZE / 1000000)) MB"
"$J" --db "$COPY" init >/dev/null # an older file is migrated once, not inside a timing

if ! skip reads; then
    echo "== in-process reads (jiedai bench reads)"
    "$J" --db "$COPY" --officer "$OFFICER" bench reads --runs "$RUNS"
    echo "== per keystroke (jiedai bench lookup)"
    "$J" --db "$COPY" bench lookup --json |
        grep -E '"(petitioners|queries|p50_ms|p99_ms|max_ms|p99_cpu_ms|p99_own_ms|max_own_ms|speedup_median|first_frame_ms|first_lookup_ms|rss_mb|load_average)"'
fi

skip cli || echo "== whole process ($(uptime | sed 's/.*load/load/'))"
NAMES=$SCRATCH/names.txt
skip cli || skip lookup && QUERIES= || QUERIES="zw 张 li ming wang zhangwie wangxiuyign"
if [ -n "$QUERIES" ] && ! skip fzf; then
    # Per person one line: the name and every full pinyin and initials reading.
    sqlite3 "$COPY" "SELECT group_concat(key, ' ') FROM search_keys WHERE kind IN (1, 2, 3)
        GROUP BY petitioner_id" >"$NAMES"
fi
for q in $QUERIES; do
    measure "lookup $q --json" "$J" --db "$COPY" lookup "$q" --json
    skip fzf || measure "  fzf --filter $q" sh -c "fzf --filter '$q' < '$NAMES'"
done
skip cli || {
measure "handover --format json" "$J" --db "$COPY" --officer "$OFFICER" handover --format json
measure "queue --json" "$J" --db "$COPY" queue --json
skip stats || {
    RUNS=${STATS_RUNS:-$RUNS} measure "stats --from 2026-11 (a month)" "$J" --db "$COPY" stats --from 2026-11
    RUNS=${STATS_RUNS:-$RUNS} measure "stats 2026-01-01..2026-12-31 (a year)" "$J" --db "$COPY" stats --from 2026-01-01 --to 2026-12-31
}
measure "export November to CSV" "$J" --db "$COPY" --officer "$OFFICER" export --force \
    --out "$SCRATCH/out.csv" --from 2026-11-01 --to 2026-11-30
measure "export November to XLSX" "$J" --db "$COPY" --officer "$OFFICER" export --force \
    --out "$SCRATCH/out.xlsx" --from 2026-11-01 --to 2026-11-30
}

if ! skip backup; then
    t0=$(now_ns)
    "$J" --db "$COPY" --officer "$OFFICER" backup "$SCRATCH/backup.db" >/dev/null
    t1=$(now_ns)
    ms=$(((t1 - t0) / 1000000))
    echo "backup: $ms ms for $((SIZE / 1000000)) MB, $((SIZE / 1000 / (ms > 0 ? ms : 1))) MB/s"
    rm -f "$SCRATCH/backup.db"
fi

if ! skip verify; then
    # A day's writes: as many check-ins as the record's average day of the last 30.
    DAY=$(sqlite3 "$COPY" "SELECT max(1, count(*) / 30) FROM contacts
        WHERE arrived_at >= date('$JIEDAI_NOW', '-30 days')")
    ANCHOR=$("$J" --db "$COPY" --officer "$OFFICER" export --force --json \
        --out "$SCRATCH/out.anchor.csv" --from 2026-11-30 --to 2026-11-30 |
        sed -n 's/.*"chain_head": "\(.*\)".*/\1/p')
    "$J" --db "$COPY" --officer "$OFFICER" bench checkin --count "$DAY" --write-visitors --json |
        grep -E '"(checkins|p50_ms|p99_ms)"' | tr -d '\n'
    echo
    measure "verify --since-anchor ($DAY check-ins since)" "$J" --db "$COPY" verify --since-anchor "$ANCHOR"
fi

if ! skip desk && command -v tmux >/dev/null; then
    # The desk in tmux at 120x40: from the process start to the queue drawn (today's
    # first visitor's name on screen), to the first lookup answered ("2", then a
    # query), and from "q" to the process gone.
    # (`|| true`: head closing the pipe early must not end the script)
    FIRST=$("$J" --db "$COPY" queue --json | sed -n 's/.*"name": "\(.*\)".*/\1/p' | head -1 || true)
    HIT=$("$J" --db "$COPY" lookup zhangwei --json | sed -n 's/.*"name": "\(.*\)".*/\1/p' | head -1 || true)
    wait_for() { # TEXT DEADLINE_NS: polls the pane until TEXT shows
        while ! tmux capture-pane -p -t jiedai-scale 2>/dev/null | grep -qF "$1"; do
            (($(now_ns) > $2)) && return 1
            sleep 0.005
        done
    }
    frames=() lookups=() quits=() rss=()
    for _ in $(seq "$RUNS"); do
        rm -f "$SCRATCH/exit.ns"
        t0=$(now_ns)
        tmux new-session -d -s jiedai-scale -x 120 -y 40 \
            "'$J' --db '$COPY' --officer '$OFFICER' --lang en; date +%s%N > '$SCRATCH/exit.ns'"
        wait_for "$FIRST" $((t0 + 30000000000)) && frames+=($((($(now_ns) - t0) / 1000000)))
        tmux send-keys -t jiedai-scale 2
        tmux send-keys -t jiedai-scale -l zhangwei
        wait_for "$HIT" $((t0 + 60000000000)) && lookups+=($((($(now_ns) - t0) / 1000000)))
        # The desk's peak resident memory so far (the pane runs a shell around it).
        pid=$(pgrep -P "$(tmux list-panes -t jiedai-scale -F '#{pane_pid}')" | head -1 || true)
        [ -n "$pid" ] && rss+=($(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null || echo '?'))
        tmux send-keys -t jiedai-scale Escape
        sleep 0.3
        tq=$(now_ns) # before: the desk may be gone before send-keys returns
        tmux send-keys -t jiedai-scale q
        for _ in $(seq 2000); do [ -s "$SCRATCH/exit.ns" ] && break; sleep 0.005; done
        [ -s "$SCRATCH/exit.ns" ] && quits+=($((($(cat "$SCRATCH/exit.ns") - tq) / 1000000)))
        tmux kill-session -t jiedai-scale 2>/dev/null || true
    done
    echo "desk (tmux 120x40, polled every 5 ms): start to the queue drawn ${frames[*]:-?} ms;" \
        "start to 'zhangwei' answered ${lookups[*]:-?} ms; peak RSS ${rss[*]:-?} MB; q to exit ${quits[*]:-?} ms"
fi
echo "== done $(uptime)"
