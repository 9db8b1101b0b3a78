#!/usr/bin/env bash
# cluster.sh - a throwaway single-node Slurm cluster (munged + slurmctld + slurmd, all as root,
# no systemd) on Debian 12, for check.sh. Adapted from the project's study of what works on the
# CI machines; the comments keep the reasons found there.
#
# Usage: cluster.sh install|up|down|env
#   install  apt-get install slurm-wlm munge when missing (no service is started)
#   up       (re)start the three daemons under $VEIL_SLURM_DIR and wait until the node is idle
#   down     cancel every job, stop the daemons by their pid files
#   env      print `export SLURM_CONF=...` for the client commands
# Environment: VEIL_SLURM_DIR [/tmp/veil-slurm-ci], VEIL_SLURM_PORTS ["6817 6818"].
set -Eeuo pipefail

BASE=${VEIL_SLURM_DIR:-/tmp/veil-slurm-ci}
read -r CTLD_PORT SLURMD_PORT <<<"${VEIL_SLURM_PORTS:-6817 6818}"
HOST=$(hostname -s)
CONF=$BASE/etc/slurm.conf
SOCK=$BASE/munge/munge.socket
export SLURM_CONF=$CONF

log() { printf 'cluster: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (the daemons and the jobs run as root)"
case "$BASE" in /?*/*) ;; *) die "VEIL_SLURM_DIR must be an absolute path below a directory" ;; esac

# alive PID NAME: a running process called NAME. Here PID 1 reaps orphans late, so a stopped
# daemon stays a zombie for a while and `kill -0` would still succeed: read its state instead.
alive() {
    local pid=$1 name=$2 st
    [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/stat" ] || return 1
    st=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]
}

# stop_daemon NAME PIDFILE: SIGTERM, up to 20 s, then SIGKILL; only the PID in PIDFILE.
stop_daemon() {
    local name=$1 pidfile=$2 pid i
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if alive "$pid" "$name"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 200; i++)); do alive "$pid" "$name" || break; sleep 0.1; done
        if alive "$pid" "$name"; then
            log "$name ($pid) ignored SIGTERM; SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

wait_for() {
    local what=$1 i
    shift
    for ((i = 0; i < 300; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "timed out after 60 s waiting for: $what"
}

port_free() { [ -z "$(ss -Hltn "( sport = :$1 )" 2>/dev/null)" ]; }
munge_ok() { munge -n -S "$SOCK" | unmunge -S "$SOCK"; }
ctld_up() { scontrol ping | grep -q 'is UP'; }
node_idle() { [ "$(sinfo -h -N -n "$HOST" -o '%T' 2>/dev/null | head -n1)" = idle ]; }

do_install() {
    local p missing=() made_policy=0
    for p in slurm-wlm munge; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    # Package scripts start services through invoke-rc.d where they find an init system; deny
    # that for the install, as container images do, when the image has no policy of its own.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    log "installing ${missing[*]}"
    if ! { apt-get -o Acquire::Retries=3 -qq update &&
        DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 -o Dpkg::Use-Pty=0 \
            install -y -qq --no-install-recommends slurm-wlm munge; } >"$BASE.apt.log" 2>&1; then
        [ $made_policy = 0 ] || rm -f /usr/sbin/policy-rc.d
        tail -n 20 "$BASE.apt.log" >&2
        die "apt-get install slurm-wlm munge failed"
    fi
    [ $made_policy = 0 ] || rm -f /usr/sbin/policy-rc.d
}

write_conf() {
    local cpus sockets cores threads mem
    read -r cpus sockets cores threads mem < <(slurmd -C | awk '/^NodeName=/ {
        for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }
        print v["CPUs"], v["SocketsPerBoard"], v["CoresPerSocket"], v["ThreadsPerCore"], v["RealMemory"] }')
    [ -n "${mem:-}" ] || die "slurmd -C gave no node description"
    # cred_expire also sets how long a requeued job waits before it may start again (default
    # 120 s); 10 s keeps the retry test short. DefMemPerCPU: without it every task asks for the
    # whole node's memory and array tasks run one at a time. batch_sched_delay=0: array tasks
    # start in waves 1 s apart instead of 3 s. sched_interval and bf_interval: a requeued task
    # whose begin time has come starts at the next scheduling pass (60 s and 30 s by default).
    cat >"$CONF" <<CONF
ClusterName=veilci
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCK,cred_expire=10
CredType=cred/munge
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$BASE/log/jobcomp.txt
MpiDefault=none
# a requeued or cancelled job is COMPLETING until its processes are gone: SIGKILL them 5 s
# after SIGTERM, not the default 30 s, so the check sees the requeue without waiting that long
KillWait=5
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_interval=2,bf_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$cpus Sockets=$sockets CoresPerSocket=$cores ThreadsPerCore=$threads RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

do_up() {
    do_down
    rm -rf "${BASE:?}"/{etc,state,spool,run,munge,log}
    mkdir -p "$BASE"/{etc,state,spool,run,munge,log}
    port_free "$CTLD_PORT" || die "port $CTLD_PORT already in use (another slurmctld?)"
    port_free "$SLURMD_PORT" || die "port $SLURMD_PORT already in use (another slurmd?)"
    # munged wants every directory above its socket to be world-searchable.
    chmod 755 "$BASE" "$BASE/munge"
    if command -v mungekey >/dev/null; then
        mungekey --create --keyfile="$BASE/munge/munge.key" 2>/dev/null
    else
        dd if=/dev/urandom of="$BASE/munge/munge.key" bs=1024 count=1 status=none
    fi
    chmod 600 "$BASE/munge/munge.key"
    # Daemon stdio goes to a file: one holding the CI runner's pipe would keep it waiting.
    munged --socket="$SOCK" --key-file="$BASE/munge/munge.key" \
        --pid-file="$BASE/munge/munged.pid" --log-file="$BASE/log/munged.log" \
        --seed-file="$BASE/munge/munged.seed" </dev/null >>"$BASE/log/daemons.out" 2>&1 ||
        die "munged failed to start: $(tail -n 2 "$BASE/log/munged.log" 2>/dev/null)"
    wait_for "munge credentials" munge_ok
    write_conf
    slurmctld -f "$CONF" </dev/null >>"$BASE/log/daemons.out" 2>&1 || die "slurmctld failed to start"
    wait_for "slurmctld" ctld_up
    slurmd -f "$CONF" </dev/null >>"$BASE/log/daemons.out" 2>&1 || die "slurmd failed to start"
    wait_for "node $HOST idle" node_idle
}

do_down() {
    local i
    if [ -f "$BASE/run/slurmctld.pid" ] && alive "$(cat "$BASE/run/slurmctld.pid")" slurmctld; then
        if [ -n "$(squeue -h -o %A 2>/dev/null)" ]; then
            squeue -h -o %A | sort -u | xargs -r scancel 2>/dev/null || true
            for ((i = 0; i < 150; i++)); do
                [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
                sleep 0.2
            done
        fi
    fi
    # Steps still ending hold sockets in the spool directory; give them a moment.
    for ((i = 0; i < 50; i++)); do
        compgen -G "$BASE/spool/${HOST}_*" >/dev/null || break
        sleep 0.2
    done
    stop_daemon slurmd "$BASE/run/slurmd.pid"
    stop_daemon slurmctld "$BASE/run/slurmctld.pid"
    stop_daemon munged "$BASE/munge/munged.pid"
}

mkdir -p "$BASE"
case "${1:-}" in
install) do_install ;;
up) do_up ;;
down) do_down ;;
env) echo "export SLURM_CONF=$CONF" ;;
*) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
