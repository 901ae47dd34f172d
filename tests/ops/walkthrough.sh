#!/usr/bin/env bash
# docs/betrieb.md, walked through as a town's IT would, with the guide's own blocks (read
# from the file, not copied): unpack the release, start it as the systemd unit says (its
# environment, nothing else: env -i), put Debian's nginx with TLS in front, make the first
# account and a kiosk, back up under load, restore, watch the metrics, update. Prints one
# "ok - …" or "not ok - …" line per check and exits non-zero if any failed.
#
# What differs from a real machine, and why: there is no systemd here (the unit is checked
# with `systemd-analyze verify` and run as its ExecStart with its Environment lines);
# `sudo` and `systemd-run … -p DynamicUser=yes` become `env -i` as the current user; the
# guide's paths move into a temporary folder; nginx listens on port 443 of a loopback
# address of its own (127.77.x.y), so the guide's configuration runs unchanged otherwise,
# and the host name `mitreden.test` resolves to it (curl --resolve) with a certificate from
# a CA the test makes.
#
# usage: tests/ops/walkthrough.sh path/to/mitreden-VERSION-x86_64-linux.tar.gz

set -uo pipefail

tarball=$(realpath "${1:?usage: walkthrough.sh TARBALL}")
here=$(cd "$(dirname "$0")" && pwd)
guide=${GUIDE:-$here/../../docs/betrieb.md}
work=$(mktemp -d /tmp/mitreden-walk-XXXXXX)
chmod 755 "$work"
passed=0
failed=0
service_pid=
nginx_pid=

cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  wait 2>/dev/null
  if [ "$failed" -gt 0 ]; then
    echo "--- service log (last 20 lines) ---"
    tail -n 20 "$work/service.log" 2>/dev/null
    echo "--- nginx error log ---"
    tail -n 20 "$work/nginx-error.log" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1${2:+: $2}"; failed=$((failed + 1)); }
# check NAME COMMAND…: ok if the command succeeds.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# The fenced block of the guide whose first line is "# NAME" (that line left out).
block() {
  awk -v want="# $1" '
    /^```/ { if (inside) { if (found) exit; inside = 0 } else { inside = 1; first = 1 }; next }
    inside && first { first = 0; if ($0 == want) { found = 1; next } }
    inside && found { print }
  ' "$guide"
}

# The guide's machine, moved into $work.
ip="127.77.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
app_port=$(port)
metrics_port=$(port)
mkdir -p "$work/opt/mitreden" "$work/state" "$work/tls" "$work/nginx-tmp" "$work/backups"
localise() {
  sed -e "s#/opt/mitreden#$work/opt/mitreden#g" \
    -e "s#/var/lib/mitreden#$work/state#g" \
    -e "s#/var/backups#$work/backups#g" \
    -e "s#/etc/ssl/mitreden#$work/tls#g" \
    -e "s#mitreden\.example\.de#mitreden.test#g" \
    -e "s#www\.example\.de#www.stadt.test#g" \
    -e "s#127\.0\.0\.1:8080#127.0.0.1:$app_port#g" \
    -e "s#127\.0\.0\.1:9090#127.0.0.1:$metrics_port#g"
}
# A shell block of the guide as it runs here: no sudo, systemd-run as env -i, systemctl on
# the stand-in service.
shell_block() {
  block "$1" | localise | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
    sed -E -e 's#sudo systemd-run( +--[a-z]+| +-p +[^ ]+)*#env -i#' \
      -e 's# -E # #g' -e 's#^sudo ##' -e 's#mitreden-\*-x86_64-linux\.tar\.gz#'"$tarball"'#' \
      -e 's#mitreden-x\.y\.z-x86_64-linux\.tar\.gz#'"$tarball"'#' \
      -e 's#^systemctl (stop|start|restart) mitreden#service_\1#' \
      -e '/systemctl (daemon-reload|enable)/d'
}

url="https://mitreden.test"
tls_curl() { curl -sS --cacert "$work/tls/ca.pem" --resolve "mitreden.test:443:$ip" --resolve "mitreden.test:80:$ip" "$@"; }

# --- The English guide says the same ------------------------------------------------------
# Every fenced block of docs/operations.md equals the German one, comment lines aside.
blocks_of() {
  awk '/^```/ { inside = !inside; print "----"; next }
       inside && $0 !~ /^ *#/ { sub(/ +# .*$/, ""); print }' "$1"
}
if drift=$(diff <(blocks_of "$guide") <(blocks_of "$(dirname "$guide")/operations.md")); then
  ok "docs/operations.md has the same blocks as docs/betrieb.md (comments aside)"
else
  not_ok "docs/operations.md drifted from docs/betrieb.md" "$drift"
fi

# --- Installieren -------------------------------------------------------------------
unpacked_at=$(date +%s%N)
install_script=$(shell_block install)
version=$(cd "$work" && env -i bash -c "$install_script" 2>&1 | tail -n 1)
if [[ "$version" =~ ^mitreden-server\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ [0-9a-f]{12}(-dirty)?\)$ ]]; then
  ok "unpacked as the guide says; --version with an empty environment: $version"
else
  not_ok "--version names version and commit" "$version"
fi
for f in mitreden-server content/sindelfingen.toml docs/betrieb.md docs/operations.md LICENSE CHANGELOG.md; do
  [ -e "$work/opt/mitreden/$f" ] || not_ok "the tarball holds $f"
done

# --- Der Dienst --------------------------------------------------------------------
unit=$(block /etc/systemd/system/mitreden.service | localise)
printf '%s\n' "$unit" >"$work/mitreden.service"
if verify=$(systemd-analyze verify "$work/mitreden.service" 2>&1); then
  ok "systemd-analyze verify finds nothing wrong in the unit"
else
  not_ok "systemd-analyze verify" "$verify"
fi
mapfile -t service_env < <(printf '%s\n' "$unit" | sed -n 's/^Environment=//p')
exec_start=$(printf '%s\n' "$unit" | sed -n 's/^ExecStart=//p')
working_dir=$(printf '%s\n' "$unit" | sed -n 's/^WorkingDirectory=//p')

service_start() {
  (cd "$working_dir" && exec env -i "${service_env[@]}" $exec_start >>"$work/service.out" 2>>"$work/service.log") &
  service_pid=$!
  for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/readyz")" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}
service_stop() {
  # SIGTERM as systemctl stop sends it; the process may be another shell's child here.
  if [ -n "$service_pid" ] && kill -TERM "$service_pid" 2>/dev/null; then
    while kill -0 "$service_pid" 2>/dev/null; do sleep 0.1; done
  fi
  service_pid=
}
service_restart() { service_stop; service_start; }
# with_service NAME: the guide's block NAME in a shell of its own that has the stand-in
# service (its `systemctl stop/start/restart mitreden` become these functions).
with_service() {
  bash -c "set -e
    $(declare -f service_stop service_start service_restart)
    $(declare -p service_env exec_start working_dir service_pid work app_port)
    $(shell_block "$1")"
}
# guide_step NAME WHAT: the guide's block NAME with the stand-in service, reported; the
# service's process found again (the block started it in a shell of its own).
guide_step() {
  local out
  if out=$(with_service "$1" 2>&1); then ok "$2"; else not_ok "$1" "$out"; fi
  service_pid=$(pgrep -f "^$work/opt/mitreden/mitreden-server$" | head -n 1)
}

if service_start; then
  first_page=$(curl -s "http://127.0.0.1:$app_port/")
  ms=$((($(date +%s%N) - unpacked_at) / 1000000))
  if grep -q 'mitreden-[0-9a-f]*\.js' <<<"$first_page"; then
    ok "started with the unit's environment only; first page ${ms} ms after unpacking"
  else
    not_ok "the first page starts the app's bundle"
  fi
else
  not_ok "the service starts and is ready"
fi
wasm=$(grep -o '/mitreden-[0-9a-f]*_bg\.wasm' <<<"$first_page" | head -n 1)
[ -z "$wasm" ] && wasm=$(grep -o 'mitreden-[0-9a-f]*\.js' <<<"$first_page" | head -n 1 | sed 's#\.js#_bg.wasm#; s#^#/#')
check "the app's wasm comes from inside the binary (application/wasm, brotli)" \
  bash -c "curl -s -o /dev/null -D - -H 'accept-encoding: br' 'http://127.0.0.1:$app_port$wasm' | grep -qi '^content-type: application/wasm' &&
           curl -s -o /dev/null -D - -H 'accept-encoding: br' 'http://127.0.0.1:$app_port$wasm' | grep -qi '^content-encoding: br'"

# --- Hinter dem Proxy ---------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mitreden test CA" \
  -keyout "$work/tls/ca.key" -out "$work/tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=mitreden.test" \
  -keyout "$work/tls/privkey.pem" -out "$work/tls/req.csr" 2>/dev/null
# Also for the town's homepage, which the test serves from the same nginx.
printf 'subjectAltName=DNS:mitreden.test,DNS:www.stadt.test\n' >"$work/tls/ext"
openssl x509 -req -in "$work/tls/req.csr" -CA "$work/tls/ca.pem" -CAkey "$work/tls/ca.key" \
  -CAcreateserial -days 2 -extfile "$work/tls/ext" -out "$work/tls/fullchain.pem" 2>/dev/null
block /etc/nginx/sites-available/mitreden | localise |
  sed -E -e "s#listen 443 #listen $ip:443 #; s#listen 80;#listen $ip:80;#" -e '/listen \[::\]/d' \
    >"$work/site.conf"
cat >"$work/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work/nginx-tmp/body;
    proxy_temp_path $work/nginx-tmp/proxy;
    fastcgi_temp_path $work/nginx-tmp/fastcgi;
    uwsgi_temp_path $work/nginx-tmp/uwsgi;
    scgi_temp_path $work/nginx-tmp/scgi;
    include $work/site.conf;
    # Not the guide's: the town's homepage, which embeds a section with the snippet.
    server {
        listen $ip:443 ssl http2;
        server_name www.stadt.test;
        ssl_certificate $work/tls/fullchain.pem;
        ssl_certificate_key $work/tls/privkey.pem;
        root $work/www;
    }
}
EOF
mkdir -p "$work/www"
cat >"$work/www/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Stadt – Digitalisierung</title></head>
<body><h1>Unsere Digitalisierungsstrategie</h1>
<script src="https://mitreden.test/embed.js" data-section="leitmotiv-2" async></script>
</body></html>
EOF
if out=$(nginx -t -c "$work/nginx.conf" -p "$work" 2>&1); then
  ok "nginx -t accepts the guide's configuration"
else
  not_ok "nginx -t" "$out"
fi
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do tls_curl -o /dev/null "$url/healthz" 2>/dev/null && break; sleep 0.1; done

headers=$(tls_curl -o /dev/null -D - "$url/")
check "through nginx with TLS the start page answers 200" grep -q '^HTTP/[0-9.]* 200' <<<"$headers"
check "HSTS on every answer, once" test "$(grep -ci '^strict-transport-security: max-age=31536000' <<<"$headers")" = 1
check "plain http is sent to https" bash -c "curl -s -o /dev/null -D - --resolve mitreden.test:80:$ip http://mitreden.test/ | grep -qi '^location: https://mitreden.test/'"

# --- Im Browser: Service Worker über https, Einbettung von einer anderen https-Herkunft ----
spki=$(openssl x509 -in "$work/tls/fullchain.pem" -pubkey -noout | openssl pkey -pubin -outform der |
  openssl dgst -sha256 -binary | base64)
while IFS= read -r line; do
  case "$line" in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) not_ok "${line#not ok - }" ;;
    *) echo "$line" ;;
  esac
done < <(cd "$here/.." && node ops/browser.mjs "$ip" "$spki" 2>&1 || echo "not ok - the browser script ended with an error")

# --- Erstes Konto ---------------------------------------------------------------------
password="ein-langes-passwort-fuer-den-test"
account=$(shell_block first-account)
if out=$(printf '%s\n' "$password" | bash -c "$account" 2>&1); then
  ok "first account as the guide says: $out"
else
  not_ok "first account" "$out"
fi
login=$(tls_curl -D - -o /dev/null -H 'content-type: application/json' -H "origin: $url" \
  -H 'sec-fetch-site: same-origin' \
  --data "{\"name\":\"amt-digitalisierung\",\"password\":\"$password\"}" "$url/api/v1/admin/login")
cookie=$(grep -i '^set-cookie: __Host-mitreden_session=' <<<"$login" | head -n 1)
check "signed in over TLS: the session cookie is __Host-, Secure, HttpOnly" \
  bash -c "grep -qi 'secure' <<<'$cookie' && grep -qi 'httponly' <<<'$cookie'"
session=$(sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/' <<<"$cookie" | tr -d '\r')
check "the session works through the proxy" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$work/tls/ca.pem' --resolve mitreden.test:443:$ip -H 'cookie: $session' '$url/api/v1/admin/me')\" = 200 ]"

# --- Kiosk ------------------------------------------------------------------------------
kiosk_out=$(bash -c "$(shell_block kiosk)" 2>&1)
kiosk_link=$(grep -o 'https://mitreden.test/[^ ]*' <<<"$kiosk_out" | head -n 1)
check "a kiosk as the guide says; its link is on the public address" test -n "$kiosk_link"
check "the kiosk's set-up page answers through the proxy" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$work/tls/ca.pem' --resolve mitreden.test:443:$ip '${kiosk_link%%#*}')\" = 200 ]"

# --- Die Grenzen zählen die Bürgerin, nicht den Proxy -----------------------------------
comment() { # comment N → one comment as JSON
  printf '{"id":"%08x-0000-4000-8000-%012x","section_id":"leitmotiv-%d","section_version":1,"text":"Walkthrough-Beitrag %d über Breitband","consent":true,"created_at":"2026-11-22T10:15:00.000Z"}' \
    $(($1 >> 16)) "$1" $(($1 % 10 + 1)) "$1"
}
send_from() { # send_from ADDRESS N → the status
  curl -s -o /dev/null -w '%{http_code}' --interface "$1" --cacert "$work/tls/ca.pem" \
    --resolve "mitreden.test:443:$ip" -H 'content-type: application/json' \
    --data "{\"comments\":[$(comment "$2")]}" "$url/api/v1/comments"
}
statuses=""
for n in $(seq 1 31); do statuses+="$(send_from 127.0.0.2 "$n") "; done
check "one client over the limit (30 per minute) gets 429 on the 31st" test "${statuses##* 200 }" = "429 "
check "another client behind the same proxy is not held up by it" test "$(send_from 127.0.0.3 100)" = 200
check "a long download (open data) flows through the proxy" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$work/tls/ca.pem' --resolve mitreden.test:443:$ip '$url/api/v1/open-data/comments.csv')\" = 200 ]"

# --- Überwachung ---------------------------------------------------------------------------
metrics=$(curl -s "http://127.0.0.1:$metrics_port/metrics")
check "/metrics on its own address counts the 429s by route" \
  grep -q 'mitreden_http_requests_total{route="/api/v1/comments",method="POST",status="429"}' <<<"$metrics"
check "/metrics is not reachable through the proxy" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$work/tls/ca.pem' --resolve mitreden.test:443:$ip '$url/metrics')\" = 404 ]"

# --- Sicherung unter Last -----------------------------------------------------------------
cat >"$work/load.py" <<'EOF'
# Sends batches of 10 comments through the proxy from many client addresses until told to
# stop; writes "ID NANOSECONDS" for every comment acknowledged (answered 200 with its id).
import http.client, json, ssl, sys, time, os, threading
ip, ca, out, stop = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=ca)
lock = threading.Lock()
acked = open(out, "w")
def worker(w):
    n = 0
    while not os.path.exists(stop):
        n += 1
        conn = http.client.HTTPSConnection(ip, 443, context=ctx, source_address=(f"127.0.{w + 10}.{n % 250 + 1}", 0))
        items = []
        for k in range(10):
            i = 1_000_000 + w * 100_000 + n * 10 + k
            items.append({"id": f"{i >> 16:08x}-0000-4000-8000-{i:012x}", "section_id": f"leitmotiv-{i % 10 + 1}",
                          "section_version": 1, "text": f"Last {i}", "consent": True,
                          "created_at": "2026-11-22T10:15:00.000Z"})
        try:
            conn.request("POST", "/api/v1/comments", json.dumps({"comments": items}),
                         {"content-type": "application/json", "host": "mitreden.test"})
            res = conn.getresponse()
            body = res.read()
            at = time.monotonic_ns()
            if res.status == 200:
                with lock:
                    for r in json.loads(body)["results"]:
                        if r["status"] in (200, 201):
                            acked.write(f"{r['id']} {at}\n")
                    acked.flush()
        except Exception as e:
            print("load:", e, file=sys.stderr)
        finally:
            conn.close()
threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
for t in threads: t.start()
for t in threads: t.join()
EOF
# TLS names: the certificate is for mitreden.test, the connection goes to $ip.
sed -i 's/ctx = ssl.create_default_context(cafile=ca)/ctx = ssl.create_default_context(cafile=ca); ctx.check_hostname = False/' "$work/load.py"
python3 "$work/load.py" "$ip" "$work/tls/ca.pem" "$work/acked" "$work/stop" &
load_pid=$!
sleep 2
backup_started=$(python3 -c 'import time; print(time.monotonic_ns())')
if out=$(bash -c "$(shell_block backup)" 2>&1); then
  backup_done=$(python3 -c 'import time; print(time.monotonic_ns())')
  ok "backup while comments arrive: $(head -n 1 <<<"$out")"
else
  not_ok "backup under load" "$out"
fi
sleep 1
touch "$work/stop"
wait "$load_pid"
before=$(awk -v t="$backup_started" '$2 < t { print $1 }' "$work/acked" | sort -u)
later=$(awk -v t="${backup_done:-0}" '$2 > t { print $1 }' "$work/acked" | sort -u)
after=$(awk -v t="$backup_started" '$2 >= t { print $1 }' "$work/acked" | wc -l)
check "the load went on during the backup ($(wc -l <<<"$before") acknowledged before, $after during and after)" \
  test "$after" -gt 0
refused=$(bash -c "$(shell_block restore | grep -v '^service_')" 2>&1)
check "restore refuses while the server runs" grep -q 'läuft noch' <<<"$refused"
guide_step restore "restore as the guide says (server stopped, restored, started)"
check "integrity_check of the restored database: ok" \
  test "$(sqlite3 "$work/state/mitreden.sqlite3" 'PRAGMA integrity_check')" = ok
restored=$(sqlite3 "$work/state/mitreden.sqlite3" 'SELECT id FROM comments' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$before") <(printf '%s\n' "$restored") | grep -c . || true)
check "every comment acknowledged before the backup began ($(grep -c . <<<"$before")) is in the restored database ($missing missing)" \
  test -n "$before" -a "$missing" = 0
present=$(comm -12 <(printf '%s\n' "$later") <(printf '%s\n' "$restored") | grep -c . || true)
check "none acknowledged after the backup was written ($(grep -c . <<<"$later")) is: the database is the backup's ($present found)" \
  test -n "$later" -a "$present" = 0
check "the server runs on the restored database" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$app_port/readyz)\" = 200 ]"

# --- Updates ------------------------------------------------------------------------------
count_before=$(sqlite3 "$work/state/mitreden.sqlite3" 'SELECT count(*) FROM comments')
guide_step update "update as the guide says (unpacked over, restarted)"
check "after the update every comment is there ($count_before)" \
  test "$(sqlite3 "$work/state/mitreden.sqlite3" 'SELECT count(*) FROM comments')" = "$count_before"

# --- Das Protokoll --------------------------------------------------------------------------
check "every log line is one JSON object" \
  python3 -c 'import json,sys; lines=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]; sys.exit(len(lines) < 5)' "$work/service.log"
secrets=("$password" "Walkthrough-Beitrag" "Über TLS gesendet" "Last 1" "${session#*=}" "127.0.0.2" "127.0.0.3" "127.0.10.")
leaked=""
for s in "${secrets[@]}"; do
  [ -n "$s" ] && grep -qF -- "$s" "$work/service.log" && leaked+="[$s] "
done
check "the log holds no comment text, password, session or client address${leaked:+ (found: $leaked)}" test -z "$leaked"
check "nginx writes no client address either (access_log off)" \
  bash -c "! grep -qs '127.0.0.2' '$work/nginx-access.log'"

# Counted by `cargo xtask test` as cargo's own lines are.
echo "test result: $([ "$failed" = 0 ] && echo ok || echo FAILED). $passed passed; $failed failed (docs/betrieb.md walked through)"
[ "$failed" = 0 ]
