#!/usr/bin/env bash
# Fails when a target's sources import a module that Package.swift does not declare as that target's
# dependency (a missing arrow builds today only because SwiftPM happens to build the module first).
# Usage: bash Scripts/check-imports.sh   (run from anywhere; needs jq)
set -euo pipefail
cd "$(dirname "$0")/.."
dump=$(swift package dump-package 2>/dev/null)
status=0
# System modules every target may import.
implicit='^(Foundation|FoundationXML|FoundationNetworking|Dispatch|Glibc|Darwin|Testing|XCTest|Synchronization)$'
while IFS='|' read -r name path type; do
    [ "$type" = "system" ] && continue
    dir=${path:-$([ "$type" = "test" ] && echo "Tests/$name" || echo "Sources/$name")}
    [ -d "$dir" ] || continue
    declared=$(jq -r --arg n "$name" '.targets[] | select(.name == $n) | .dependencies[]
        | (.byName // .target // .product) | .[0]' <<<"$dump" | sort -u)
    imported=$(grep -rhoE '^\s*(@testable |@_implementationOnly |public |internal |private )*import +[A-Za-z_][A-Za-z0-9_]*' \
        --include='*.swift' "$dir" | awk '{print $NF}' | sort -u || true)
    for module in $imported; do
        [[ $module =~ $implicit ]] && continue
        [ "$module" = "$name" ] && continue
        if ! grep -qx "$module" <<<"$declared"; then
            echo "$dir imports $module, which Package.swift does not declare for target $name"
            status=1
        fi
    done
done < <(jq -r '.targets[] | [.name, (.path // ""), .type] | join("|")' <<<"$dump")
[ $status -eq 0 ] && echo "check-imports: every import is declared"
exit $status
