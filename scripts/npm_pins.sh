# One pinned set of npm packages in tools/$NAME (package.json and a package-lock.json without
# registry addresses), installed into tools/$NAME/node_modules: the commands of
# scripts/oracles.sh, scripts/dap.sh and scripts/cdk.sh, which set, then call
# `npm_pins_main "$@"`:
#   NAME          the folder under tools/, and the name their messages and stamp carry
#   PINS          name@version of every pinned package; must match package.json
#   NODE_MIN      the oldest Node.js major version the packages run on
#   NODE_WHY      who needs that version ("aws-cdk-lib needs")
#   NEEDED_BY     who needs the packages ("the debugger's tests")
#   NPM_CI_FLAGS  further flags of `npm ci` (an array; may be empty)
#
#   install   npm ci, skipped when the pinned versions are already there
#   lock      regenerate package-lock.json after changing package.json
#   versions  print the installed versions
#
# Without Node.js and npm on PATH, `install` fails (it never skips silently).

npm_pins_die() {
    echo "scripts/$NAME.sh: $*" >&2
    exit 1
}

npm_pins_need_node() {
    command -v node >/dev/null 2>&1 \
        || npm_pins_die "node is not on PATH; $NEEDED_BY need Node.js >= $NODE_MIN and npm (e.g. apt-get install nodejs npm)"
    command -v npm >/dev/null 2>&1 \
        || npm_pins_die "npm is not on PATH; $NEEDED_BY need Node.js >= $NODE_MIN and npm (e.g. apt-get install npm)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge "$NODE_MIN" ] \
        || npm_pins_die "node $(node --version) is too old; $NODE_WHY Node.js >= $NODE_MIN"
}

npm_pins_installed_version() {
    node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true
}

npm_pins_up_to_date() {
    [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(sha256sum package-lock.json | cut -d' ' -f1)" ] || return 1
    local pin
    for pin in "${PINS[@]}"; do
        [ "$(npm_pins_installed_version "${pin%@*}")" = "${pin##*@}" ] || return 1
    done
}

npm_pins_check_lock() {
    # The lock records integrity hashes, not where tarballs came from: npm ci fetches from
    # whatever registry npm is configured with.
    if grep -nE '"resolved"|https?://[^"]*registry' package-lock.json; then
        npm_pins_die "package-lock.json names a registry (lines above); regenerate it with: bash scripts/$NAME.sh lock"
    fi
}

npm_pins_main() {
    cd "$(dirname "${BASH_SOURCE[0]}")/../tools/$NAME"
    STAMP=node_modules/.$NAME-lock-sha256
    local pin got
    case "${1:-}" in
    install)
        npm_pins_need_node
        [ -f package-lock.json ] \
            || npm_pins_die "tools/$NAME/package-lock.json is missing; run: bash scripts/$NAME.sh lock"
        npm_pins_check_lock
        if npm_pins_up_to_date; then
            echo "$NAME: ${PINS[*]} already installed in tools/$NAME/node_modules"
            return 0
        fi
        echo "$NAME: installing ${PINS[*]} into tools/$NAME/node_modules (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error "${NPM_CI_FLAGS[@]}" \
            || npm_pins_die "npm ci failed in tools/$NAME (is the npm registry reachable?)"
        for pin in "${PINS[@]}"; do
            got=$(npm_pins_installed_version "${pin%@*}")
            [ "$got" = "${pin##*@}" ] || npm_pins_die "npm installed ${pin%@*}@${got:-nothing}, expected $pin"
        done
        sha256sum package-lock.json | cut -d' ' -f1 >"$STAMP"
        echo "$NAME: installed ${PINS[*]}"
        ;;
    lock)
        npm_pins_need_node
        # tools/$NAME/.npmrc sets omit-lockfile-registry-resolved, so no "resolved" URLs are
        # written.
        npm install --package-lock-only --no-audit --no-fund --loglevel=error
        npm_pins_check_lock
        echo "$NAME: package-lock.json regenerated"
        ;;
    versions)
        npm_pins_need_node
        for pin in "${PINS[@]}"; do
            echo "${pin%@*} $(npm_pins_installed_version "${pin%@*}") (pinned ${pin##*@})"
        done
        ;;
    *)
        echo "usage: bash scripts/$NAME.sh install|lock|versions" >&2
        exit 2
        ;;
    esac
}
