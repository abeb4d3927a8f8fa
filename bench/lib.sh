# Sourced by bench/run.sh and bench/models.sh: the repository root as the working directory, $shared (../shared),
# a $work folder removed on exit together with the service process, wrk and curl installed when missing.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared=$(cd ../shared && pwd)
work=$(mktemp -d)
service_pid=""
cleanup() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "installing $2"; apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need curl curl

# The Release service, published to $work/service.
publish_service() { dotnet publish src/InferenceService -c Release -o "$work/service" --nologo -v quiet >/dev/null; }

# Waits for /ping 200 on $port from $service_pid (started with its output in $work/service.log); the log if it exits.
wait_ready() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$port/ping" || true)" = 200 ]; do
    kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
    sleep 0.01
  done
}
