#!/usr/bin/env bash
# Sourced by test.sh: makes sure Redis answers on 127.0.0.1:6379, for the test
# of two backend replicas sharing one cache. Starts it when it is installed
# but stopped (nothing kept on disk). Sets QP_REDIS=1 when it answers.
QP_REDIS=0
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  echo "[quality-pulse] Redis is installed but not answering: starting it"
  redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi

if redis_up; then
  QP_REDIS=1
  echo "[quality-pulse] Redis answers on 127.0.0.1:6379"
else
  echo "[quality-pulse] WARNING: no Redis on 127.0.0.1:6379: the two-replica test will fail" >&2
fi
