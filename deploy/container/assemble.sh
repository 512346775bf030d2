#!/usr/bin/env bash
# Assembles the production deployment of the container image in <out>/app, from the built
# workspace (run `pnpm build` first): packs the published packages into <out>/packs, makes a
# deployment with `smartloket init --from` (the dev world as its dev dependency, as for any
# deployment), puts the container's configuration in, and installs the production dependencies
# only (`--prod`). The Dockerfile's build stage runs exactly this script; so does the test
# tests/packaging/container.test.ts, which then checks the result. Extra arguments go to
# `pnpm install` (the test passes --prefer-offline).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:?usage: assemble.sh <out dir> [pnpm install options]}"
shift
read -r -a pnpm <<<"${PNPM:-npx -y pnpm@10.34.9}"

mkdir -p "$out/packs"
out="$(cd "$out" && pwd)"
rm -rf "$out/app"
(cd "$repo" && "${pnpm[@]}" -r --filter './packages/**' --filter './plugins/**' pack --pack-destination "$out/packs" >/dev/null)
(cd "$out" && node "$repo/packages/cli/bin/smartloket.js" init app --from "$out/packs" \
  --plugin @smartloket/plugin-bevolking --plugin @smartloket/plugin-burgerlijke-stand \
  --plugin @smartloket/plugin-strafregister >/dev/null)
rm -f "$out/app/smartloket.config.ts" "$out/app/.env.example"
cp "$here/smartloket.config.mjs" "$out/app/smartloket.config.mjs"
(cd "$out/app" && "${pnpm[@]}" install --prod --config.confirmModulesPurge=false "$@" >/dev/null)
echo "$out/app"
