#!/usr/bin/env bash
# Joins brokers started by run-rabbitmq.sh into one cluster with the first node: on each other
# node stop_app, join_cluster, start_app (RabbitMQ's own procedure). A node that is a member
# already (its data kept from an earlier run) is left alone, so running this again is harmless;
# a member killed and started again rejoins by itself, from its data.
# usage: RABBITMQ_COOKIE=.. join-rabbitmq-cluster.sh WORK_DIR EPMD_PORT FIRST_NODE OTHER_NODE...
set -euo pipefail
work_dir=$(realpath -m "$1"); epmd_port=$2; first=$3; shift 3
mkdir -p "$work_dir"

export HOME="$work_dir"                            # the CLI reads the cluster's cookie here
export ERL_EPMD_PORT="$epmd_port"
export RABBITMQ_CONF_ENV_FILE="$work_dir/rabbitmq-env.conf"
touch "$RABBITMQ_CONF_ENV_FILE"
rm -f "$HOME/.erlang.cookie"
(umask 077; printf '%s' "$RABBITMQ_COOKIE" > "$HOME/.erlang.cookie")
chmod 400 "$HOME/.erlang.cookie"

ctl() { /usr/lib/rabbitmq/bin/rabbitmqctl --node "$1" "${@:2}"; }

join() {
  local node=$1
  ctl "$node" start_app >/dev/null 2>&1 || true   # a try that stopped it and failed after
  ctl "$node" await_startup --timeout 120 || return 1
  if ctl "$node" cluster_status --formatter json | grep -q "\"$first\""; then
    echo "$node is a member of $first's cluster already"
    return 0
  fi
  ctl "$node" stop_app || return 1
  ctl "$node" join_cluster "$first" || return 1
  ctl "$node" start_app || return 1
  ctl "$node" await_startup --timeout 120 || return 1
  # A quorum queue's members are fixed when it is declared: queues from a single-node run (the
  # first node's data) get a member on the new node too.
  /usr/lib/rabbitmq/bin/rabbitmq-queues --node "$node" grow "$node" all || return 1
  echo "$node joined $first"
}

# (set -e does not hold inside a function called from `if`: every step says `|| return 1`.)
# A node that has just started can refuse the CLI for a moment (its distribution not up yet, a
# busy machine): each step is tried again, three times in all, a few seconds apart. Each try
# starts by asking whether the node is a member already, so a try that got half way is finished.
tries() {
  local n
  for n in 1 2 3; do
    if "$@"; then return 0; fi
    echo "$* failed (try $n of 3)" >&2
    sleep 5
  done
  return 1
}

tries ctl "$first" await_startup --timeout 120
for node in "$@"; do
  tries join "$node"
done
ctl "$first" cluster_status
