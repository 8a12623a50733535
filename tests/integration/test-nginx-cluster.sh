#!/usr/bin/env bash
# packaging/nginx/layso-cluster.conf.example, as shipped, in front of three layso-server
# processes on one PostgreSQL database (issue 12, item 4): the example's upstream, TLS and
# locations with only the addresses, names and paths of this machine put in. Over HTTPS with
# the certificate verified: health answers from the PostgreSQL store; plain HTTP is sent to
# HTTPS; a staff member signs in and calls "next" (the Origin check must accept the proxied
# request); a board's event stream opened through nginx gets the call within a second
# (unbuffered, and from whichever process made the call); with one process stopped, every
# request is still answered.
#
# Environment (tests/integration/CMakeLists.txt): LAYSO_SERVER, LAYSO_TEST_PG (the tests'
# cluster, tests/pg), LAYSO_NGINX_EXAMPLE.
set -euo pipefail
: "${LAYSO_SERVER:?}" "${LAYSO_TEST_PG:?}" "${LAYSO_NGINX_EXAMPLE:?}"
for tool in nginx openssl curl psql python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed (packaging/dev.sh installs it)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/layso-nginx-XXXXXX)
server_pids=()
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  for p in "${server_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/error.log "$tmp"/server-*.err; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 5 "$f" >&2; }
  done
  exit 1
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- three processes on one new database ----------------------------------------------------
pg_host=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$LAYSO_TEST_PG")
pg_port=$(sed -n 's/.*port=\([^ ]*\).*/\1/p' <<<"$LAYSO_TEST_PG")
db="layso_nginx_$$"
psql -X -q -d "$LAYSO_TEST_PG" -c "CREATE DATABASE $db"
spec="postgresql:///$db?host=$pg_host&port=$pg_port&user=postgres"
ports=()
for i in 1 2 3; do
  "$LAYSO_SERVER" --db "$spec" --listen 127.0.0.1:0 --seed-demo --dev \
    --clock 2025-09-25T09:00:00+07:00 --trusted-proxy 127.0.0.1 \
    >"$tmp/server-$i.out" 2>"$tmp/server-$i.err" &
  server_pids+=($!)
  for _ in $(seq 1 300); do grep -qs '^listening on ' "$tmp/server-$i.out" && break; sleep 0.1; done
  ports+=("$(sed -n 's/^listening on http:\/\/127.0.0.1://p' "$tmp/server-$i.out")")
  [ -n "${ports[-1]}" ] || fail "layso-server $i did not start"
done
password=$(sed -n 's/^staff login: quay.phoyen //p' "$tmp/server-1.out")
token=$(sed -n 's/^kiosk token: //p' "$tmp/server-1.out" | head -n1)
[ -n "$password" ] && [ -n "$token" ] || fail "the first process printed no staff login or kiosk token"

# --- nginx with the example -----------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
http_port=$(free_port)
https_port=$(free_port)
mkdir -p "$tmp/temp"
{
  # what the distribution's nginx.conf gives an included site, kept inside this directory
  [ "$(id -u)" -eq 0 ] && echo "user root;"
  echo "pid $tmp/nginx.pid; error_log $tmp/error.log; events {}"
  echo "http {"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $tmp/temp/$t;"; done
  sed -e "s/127\.0\.0\.1:8081/127.0.0.1:${ports[0]}/; s/127\.0\.0\.1:8082/127.0.0.1:${ports[1]}/" \
    -e "s/127\.0\.0\.1:8083/127.0.0.1:${ports[2]}/" \
    -e "s/^\( *\)listen 80;/\1listen 127.0.0.1:$http_port;/" \
    -e "s/^\( *\)listen 443 ssl http2;/\1listen 127.0.0.1:$https_port ssl http2;/" \
    -e "/listen \[::\]/d" -e "s/server_name layso\.example\.vn;/server_name localhost;/" \
    -e "s|/etc/ssl/layso/fullchain\.pem|$tmp/cert.pem|; s|/etc/ssl/layso/privkey\.pem|$tmp/key.pem|" \
    -e "s|/var/log/nginx/layso\.access\.log|$tmp/access.log|" "$LAYSO_NGINX_EXAMPLE"
  echo "}"
} >"$tmp/nginx.conf"
for p in 8081 8082 8083 "listen 80;" "listen 443" example.vn /etc/ssl /var/log; do
  ! grep -q -- "$p" "$tmp/nginx.conf" || fail "the example changed: '$p' was not replaced"
done
nginx -t -q -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" || fail "nginx -t refused the example"
nginx -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" -g "daemon off;" &
nginx_pid=$!
base="https://localhost:$https_port"
tls=(--cacert "$tmp/cert.pem" --resolve "localhost:$https_port:127.0.0.1" -s)
for _ in $(seq 1 100); do curl "${tls[@]}" -o /dev/null "$base/api/v1/health" && break; sleep 0.1; done

# --- through nginx --------------------------------------------------------------------------
health=$(curl "${tls[@]}" "$base/api/v1/health")
grep -q '"store":"postgresql"' <<<"$health" || fail "health through nginx: $health"

redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/dat-lich")
[[ "$redirect" == "301 https://"*"/dat-lich" ]] || fail "plain HTTP: $redirect"

field=linh-vuc-tu-phap-ho-tich
ticket=$(curl "${tls[@]}" -w ' %{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "{\"field\":\"$field\"}" "$base/api/v1/kiosk/tickets")
[[ "$ticket" == *" 201" ]] || fail "walk-in ticket through nginx: $ticket"

# a board's stream, open before the call
curl "${tls[@]}" -N "$base/api/v1/units/phuong-pho-yen/events" >"$tmp/events.txt" &
stream_pid=$!
for _ in $(seq 1 50); do [ -s "$tmp/events.txt" ] && break; sleep 0.1; done

login=$(curl "${tls[@]}" -c "$tmp/cookies" -w ' %{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"quay.phoyen\",\"password\":\"$password\"}" "$base/api/v1/auth/login")
[[ "$login" == *" 200" ]] || fail "sign-in through nginx: $login"
grep -q "Secure" <(curl "${tls[@]}" -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"quay.phoyen\",\"password\":\"$password\"}" "$base/api/v1/auth/login") ||
  fail "the session cookie is not Secure behind TLS (X-Forwarded-Proto)"
called_at=$(date +%s%N)
next=$(curl "${tls[@]}" -b "$tmp/cookies" -w ' %{http_code}' -H "Origin: $base" \
  -H 'Content-Type: application/json' -d '{}' "$base/api/v1/counters/phuong-pho-yen-quay-7/next")
[[ "$next" == *" 200" ]] || fail "\"next\" through nginx (Origin $base): $next"
seen=""
for _ in $(seq 1 100); do
  if grep -q '^event: called' "$tmp/events.txt"; then seen=$(date +%s%N); break; fi
  sleep 0.01
done
kill "$stream_pid" 2>/dev/null || true
[ -n "$seen" ] || fail "the call did not reach the stream through nginx within 1 s"
echo "call on the stream $(( (seen - called_at) / 1000000 )) ms after \"next\" was sent"

# one process stops: nginx skips it
kill "${server_pids[1]}"
wait "${server_pids[1]}" 2>/dev/null || true
for i in $(seq 1 12); do
  code=$(curl "${tls[@]}" -o /dev/null -w '%{http_code}' "$base/api/v1/health")
  [ "$code" = 200 ] || fail "request $i with one process stopped: $code"
done
echo "ok: nginx example, TLS, redirect, sign-in, next, event stream, one process down"
