# Sourced by the download benchmarks: start `concur-bench serve` on a free
# port, read the URL it prints, stop it on exit.
start_server() {  # start_server BIN LATENCY_MS -> sets $server_url, $server_pid
  local out
  out=$(mktemp)
  "$1" serve --latency "$2" >"$out" &
  server_pid=$!
  trap 'kill -INT $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -f '"$out" EXIT
  for _ in $(seq 100); do
    server_url=$(head -n1 "$out")
    [[ $server_url == http* ]] && return 0
    sleep 0.05
  done
  echo "concur-bench serve did not print its URL" >&2
  exit 1
}
