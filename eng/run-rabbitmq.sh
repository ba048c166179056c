#!/usr/bin/env bash
# Runs one RabbitMQ broker in the foreground as a plain process, with its own port, node name,
# data folder and epmd port, so it never meets a system broker and dies with its parent.
# Used by the AppHost (executable resource) and by the test fixtures: one way to start it.
# A cluster's nodes share one epmd and one Erlang cookie (RABBITMQ_COOKIE, the same for every
# node); eng/join-rabbitmq-cluster.sh then joins them.
# usage: RABBITMQ_USER=.. RABBITMQ_PASSWORD=.. [RABBITMQ_VHOST=..] [RABBITMQ_COOKIE=..] \
#          run-rabbitmq.sh DATA_DIR AMQP_PORT EPMD_PORT DIST_PORT
set -euo pipefail
data_dir=$(realpath -m "$1"); amqp_port=$2; epmd_port=$3; dist_port=$4
user=${RABBITMQ_USER:-guest}; password=${RABBITMQ_PASSWORD:-guest}; vhost=${RABBITMQ_VHOST:-/}
mkdir -p "$data_dir"/{mnesia,log,home}

export HOME="$data_dir/home"                       # the Erlang cookie lives here
export ERL_EPMD_PORT="$epmd_port"                  # epmd is a separate resource on this port
export RABBITMQ_NODENAME="habatan-$amqp_port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$amqp_port"
export RABBITMQ_DIST_PORT="$dist_port"
export RABBITMQ_MNESIA_BASE="$data_dir/mnesia"
export RABBITMQ_LOG_BASE="$data_dir/log"
export RABBITMQ_LOGS=-                             # log to stdout: the dashboard shows it
export ERL_CRASH_DUMP="$data_dir/erl_crash.dump"      # never in the working folder
export RABBITMQ_ENABLED_PLUGINS_FILE="$data_dir/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$data_dir/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data_dir/advanced.config"
export RABBITMQ_CONF_ENV_FILE="$data_dir/rabbitmq-env.conf"
export RABBITMQ_SERVER_START_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
export RUNNING_UNDER_SYSTEMD=1                     # exec the VM itself: signals reach it directly

# epmd is started beside us: give it time to listen (a loaded machine starts it late), or the
# node cannot register and the broker exits at once.
for _ in $(seq 1 300); do epmd -names >/dev/null 2>&1 && break; sleep 0.2; done
epmd -names >/dev/null 2>&1 || { echo "run-rabbitmq: no epmd on port $epmd_port after 60 s" >&2; exit 1; }

if [ -n "${RABBITMQ_COOKIE:-}" ]; then
  rm -f "$HOME/.erlang.cookie"
  (umask 077; printf '%s' "$RABBITMQ_COOKIE" > "$HOME/.erlang.cookie")
  chmod 400 "$HOME/.erlang.cookie"
fi

# The services declare every queue as a quorum queue; RabbitMQ refuses to redeclare a classic
# queue with another type (PRECONDITION_FAILED), so a data folder from before that change is
# set aside once, not reused: its queues would stop the services from starting.
if [ ! -f "$data_dir/quorum-queues" ]; then
  if [ -n "$(ls -A "$data_dir/mnesia")" ]; then
    aside="$data_dir/mnesia-classic-queues-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$data_dir/mnesia" "$aside" && mkdir -p "$data_dir/mnesia"
    echo "run-rabbitmq: data from before quorum queues moved to $aside; the broker starts empty" >&2
  fi
  touch "$data_dir/quorum-queues"
fi

[ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ] || echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
touch "$RABBITMQ_CONF_ENV_FILE"
cat > "$data_dir/rabbitmq.conf" <<CONF
loopback_users = none
default_user = $user
default_pass = $password
default_vhost = $vhost
listeners.tcp.local = 127.0.0.1:$amqp_port
CONF
chmod 600 "$data_dir/rabbitmq.conf"
exec /usr/lib/rabbitmq/bin/rabbitmq-server
