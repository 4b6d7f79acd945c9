#!/usr/bin/env bash
# Private RabbitMQ broker for AEVLP local mode (started by the AppHost; see README "Local mode").
# Uses Debian's broker scripts directly (the /usr/sbin wrappers switch user and start a
# system-wide epmd on 0.0.0.0), with its own node name, ports, data and logs. AMQP listens on AEVLP_BIND_ADDRESS
# (127.0.0.1 unless Infrastructure:BindAddress says otherwise); epmd, distribution and management stay on 127.0.0.1.
# Erlang's port mapper (epmd) normally daemonises and outlives the broker; here it runs as a child of
# this script and the broker is told not to start its own. Both children get a parent-death signal,
# so they stop even when this script is killed outright. A stale epmd left by a killed run of an
# older layout is stopped before the next start.
set -euo pipefail
: "${AEVLP_RABBITMQ_HOME:?}" "${AEVLP_RABBITMQ_DATA:?}" "${AEVLP_AMQP_PORT:?}" "${AEVLP_RABBITMQ_MANAGEMENT_PORT:?}"
: "${AEVLP_EPMD_PORT:?}" "${AEVLP_DIST_PORT:?}" "${AEVLP_RABBITMQ_USER:?}" "${AEVLP_RABBITMQ_PASSWORD:?}"

data="$AEVLP_RABBITMQ_DATA"
mkdir -p "$data/mnesia" "$data/log"
epmd_port_file="$data/epmd.port"
if [ -f "$epmd_port_file" ]; then
  epmd -port "$(cat "$epmd_port_file")" -kill >/dev/null 2>&1 || true
fi
echo "$AEVLP_EPMD_PORT" > "$epmd_port_file"

cat > "$data/rabbitmq.conf" <<CONF
listeners.tcp.1 = ${AEVLP_BIND_ADDRESS:-127.0.0.1}:$AEVLP_AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $AEVLP_RABBITMQ_MANAGEMENT_PORT
default_user = $AEVLP_RABBITMQ_USER
default_pass = $AEVLP_RABBITMQ_PASSWORD
loopback_users = none
log.console = true
log.file = false
CONF
chmod 600 "$data/rabbitmq.conf"
echo '[rabbitmq_management].' > "$data/enabled_plugins"

export HOME="$data"
export RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq"
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_NODENAME="aevlp@localhost"
export RABBITMQ_NODE_IP_ADDRESS="${AEVLP_BIND_ADDRESS:-127.0.0.1}"
export RABBITMQ_NODE_PORT="$AEVLP_AMQP_PORT"
export RABBITMQ_DIST_PORT="$AEVLP_DIST_PORT"
export RABBITMQ_CTL_DIST_PORT_MIN="$AEVLP_DIST_PORT"
export RABBITMQ_CTL_DIST_PORT_MAX="$AEVLP_DIST_PORT"
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_PID_FILE="$data/rabbitmq.pid"
export ERL_EPMD_PORT="$AEVLP_EPMD_PORT"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"

stop() {
  [ -n "${broker:-}" ] && kill -TERM "$broker" 2>/dev/null && wait "$broker" 2>/dev/null
  kill -TERM "$epmd" 2>/dev/null
  rm -f "$epmd_port_file"
}
trap 'stop; exit 0' TERM INT HUP

setpriv --pdeathsig TERM epmd -port "$AEVLP_EPMD_PORT" -address 127.0.0.1 &
epmd=$!
setpriv --pdeathsig TERM "$AEVLP_RABBITMQ_HOME/rabbitmq-server" &
broker=$!
set +e
wait "$broker"
status=$?
broker=""
stop
exit "$status"
