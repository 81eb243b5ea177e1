#!/bin/bash
# Rehearses deploy/README.md on one Linux host: four notaries, each in its own network
# namespace with its own address, following the guide's steps (install, init, genesis,
# start, status, nginx with TLS in front of the public API), then a litigant's submission
# through nginx and an offline check of the proof. Run as root from the repository's root:
#
#   sudo bash deploy/rehearse-netns.sh [WORKDIR]       (default /tmp/cunzheng-rehearsal)
#
# It needs ip (iproute2), nginx and openssl, and takes about two minutes. The namespaces
# cz1..cz4 hang off a bridge czbr0 with the addresses 10.77.0.1..4 (the host is 10.77.0.254);
# everything it made is removed on exit, but WORKDIR, which keeps the homes and the logs.
# What a real deployment has and this does not: four machines, systemd (the nodes run in
# the foreground here), a user of their own, and certificates from a real CA.
set -euo pipefail

work="${1:-/tmp/cunzheng-rehearsal}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
names=(notary-a notary-b notary-c notary-d)
chain_id="rehearsal-$(date +%Y%m%d)"

step() { printf '\n== %s\n' "$*"; }
address() { echo "10.77.0.$1"; }

[ "$(id -u)" = 0 ] || { echo "run as root: it makes network namespaces" >&2; exit 2; }
for tool in ip nginx openssl python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

teardown() {
    for i in 1 2 3 4; do
        ip netns pids "cz$i" 2>/dev/null | xargs -r kill 2>/dev/null || true
    done
    sleep 1
    for i in 1 2 3 4; do
        ip netns pids "cz$i" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "cz$i" 2>/dev/null || true
    done
    ip link del czbr0 2>/dev/null || true
}
trap teardown EXIT
teardown
rm -rf "$work"
mkdir -p "$work"

step "network: a bridge and four namespaces"
ip link add czbr0 type bridge
ip addr add 10.77.0.254/24 dev czbr0
ip link set czbr0 up
for i in 1 2 3 4; do
    ip netns add "cz$i"
    ip link add "czv$i" type veth peer name eth0 netns "cz$i"
    ip link set "czv$i" master czbr0 up
    ip -n "cz$i" addr add "$(address "$i")/24" dev eth0
    ip -n "cz$i" link set eth0 up
    ip -n "cz$i" link set lo up
done

step "0. install (python3 -m venv, pip install '.[node]')"
python3 -m venv "$work/opt"
"$work/opt/bin/pip" install --quiet "$repo[node]"
export PATH="$work/opt/bin:$PATH"

step "1. a key and a node home for each notary"
validators=()
for i in 1 2 3 4; do
    name="${names[$((i - 1))]}"
    peers=()
    for j in 1 2 3 4; do
        [ "$j" = "$i" ] || peers+=(--peer "http://$(address "$j"):7704")
    done
    cunzheng init --home "$work/$name" --name "$name" --api-listen 127.0.0.1:7700 \
        --p2p-listen "$(address "$i"):7704" "${peers[@]}"
    # Step 7 of the guide: the node trusts X-Forwarded-For from the proxy on its host.
    sed -i 's/^trusted_proxies = \[\]/trusted_proxies = ["127.0.0.1"]/' "$work/$name/config.toml"
    cp "$work/$name/node_key.vkey" "$work/$name.vkey"
    validators+=(--validator "$name=$work/$name.vkey")
done

step "3. the coordinator makes the genesis"
cunzheng genesis --chain-id "$chain_id" "${validators[@]}" --out "$work/genesis.json"

step "4. each notary receives the genesis; 5. start"
for i in 1 2 3 4; do
    name="${names[$((i - 1))]}"
    install -m 0644 "$work/genesis.json" "$work/$name/genesis.json"
    ip netns exec "cz$i" "$work/opt/bin/cunzheng" node --home "$work/$name" \
        >"$work/$name.log" 2>&1 &
done

step "7. nginx with TLS in front of each public API (a rehearsal CA signs the certificates)"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=cunzheng rehearsal CA" \
    -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
for i in 1 2 3 4; do
    name="${names[$((i - 1))]}"
    dir="$work/nginx-$name"
    mkdir -p "$dir"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$(address "$i")" \
        -keyout "$dir/key.pem" -out "$dir/req.pem" 2>/dev/null
    openssl x509 -req -in "$dir/req.pem" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
        -CAcreateserial -days 2 -extfile <(printf 'subjectAltName=IP:%s' "$(address "$i")") \
        -out "$dir/cert.pem" 2>/dev/null
    sed -e "s/notary.example.org/$(address "$i")/g" \
        -e "s#/etc/letsencrypt/live/[^/]*/fullchain.pem#$dir/cert.pem#" \
        -e "s#/etc/letsencrypt/live/[^/]*/privkey.pem#$dir/key.pem#" \
        "$repo/deploy/nginx-cunzheng.conf" >"$dir/cunzheng.conf"
    cat >"$dir/nginx.conf" <<EOF
pid $dir/nginx.pid;
error_log $dir/error.log;
events {}
http {
    access_log $dir/access.log;
    include $dir/cunzheng.conf;
}
EOF
    ip netns exec "cz$i" nginx -t -q -c "$dir/nginx.conf"
    ip netns exec "cz$i" nginx -c "$dir/nginx.conf"
done

step "6. status: every node ready, through its nginx"
export SSL_CERT_FILE="$work/ca.pem"
for i in 1 2 3 4; do
    for _ in $(seq 60); do
        code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/ca.pem" \
            "https://$(address "$i")/readyz" || true)"
        [ "$code" = 200 ] && break
        sleep 1
    done
    echo "$(address "$i") /readyz: $code"
    [ "$code" = 200 ] || { tail -20 "$work/${names[$((i - 1))]}.log"; exit 1; }
done
cunzheng status --node "https://$(address 1)"

step "a litigant submits through notary-a's nginx and checks the proof offline"
echo "微信聊天记录 $(date -Iseconds)" >"$work/chat.txt"
cunzheng submit --node "https://$(address 1)" --wait --out "$work" "$work/chat.txt"
cunzheng verify "$work/chat.txt.cunzheng.json" --genesis "$work/genesis.json" \
    --file "$work/chat.txt"

step "what a stranger cannot reach through nginx"
for path in /v1/admin/backup /metrics; do
    echo "$path: $(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/ca.pem" \
        "https://$(address 1)$path")"
done
echo
echo "rehearsal passed; homes and logs in $work"
