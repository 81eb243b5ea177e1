#!/bin/sh
# Makes the four node homes of deploy/compose.yaml, on one host, for trying cunzheng out:
#   sh deploy/make-homes.sh deploy/homes        (or: docker compose run --rm homes)
# Each home gets a new key and a default config.toml (compose.yaml sets the addresses and
# peers through CUNZHENG_* variables); the four public keys make the genesis, which each home
# receives. A real consortium does the same steps on four machines: see deploy/README.md.
set -eu
homes="${1:?usage: make-homes.sh DIR}"
chain_id="${CHAIN_ID:-cunzheng-compose}"
validators=""
for i in 0 1 2 3; do
    cunzheng init --home "$homes/notary-$i" --name "notary-$i"
    validators="$validators --validator notary-$i=$homes/notary-$i/node_key.vkey"
done
# shellcheck disable=SC2086 # one word per --validator option
cunzheng genesis --chain-id "$chain_id" $validators --out "$homes/genesis.json"
for i in 0 1 2 3; do
    cp "$homes/genesis.json" "$homes/notary-$i/genesis.json"
done
