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

ctl "$first" await_startup --timeout 120
for node in "$@"; do
  ctl "$node" await_startup --timeout 120
  if ctl "$node" cluster_status --formatter json | grep -q "\"$first\""; then
    echo "$node is a member of $first's cluster already"
    continue
  fi
  ctl "$node" stop_app
  ctl "$node" join_cluster "$first"
  ctl "$node" start_app
  ctl "$node" await_startup --timeout 120
  # A quorum queue's members are fixed when it is declared: queues from a single-node run (the
  # first node's data) get a member on the new node too.
  /usr/lib/rabbitmq/bin/rabbitmq-queues --node "$node" grow "$node" all
  echo "$node joined $first"
done
ctl "$first" cluster_status
