#!/bin/sh
# The main job on the shipped sample: keygen -> scrub -> audit -> release -> verify.
# Usage: VEIL=build/veil sh examples/demo.sh   (make demo does this). Work goes to build/demo/.
set -eu
VEIL=${VEIL:-build/veil}
VEIL=$(cd "$(dirname "$VEIL")" && pwd)/$(basename "$VEIL")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/demo
rm -rf "$OUT"
mkdir -p "$OUT/keys" "$OUT/scrubbed"
cd "$OUT"
export SOURCE_DATE_EPOCH=1764288000 # fixed, so the archive is byte-reproducible
# the repository's packs, wherever the binary was built (make BUILD=/elsewhere demo)
export VEIL_RULES="${VEIL_RULES:-$ROOT/rules/default}" VEIL_WARNINGS="${VEIL_WARNINGS:-$ROOT/rules/warnings}"

step() { printf '\n== %s\n' "$*"; }

step "keygen: signing key pair and ID-hashing key"
"$VEIL" keygen --out keys

step "scrub: redact PII, pseudonymise worker IDs, label content warnings"
"$VEIL" scrub --hash-field red_team_member_id --id-key keys/id.key \
    --stats scrub-stats.json --spans spans.jsonl \
    -o scrubbed/red_team_attempts.jsonl.zst "$ROOT/examples/red_team_attempts.jsonl"

step "audit score: recall on the held-out annotated sample"
"$VEIL" audit score --gold "$ROOT/examples/gold.jsonl" --json audit.json \
    --markdown audit.md --svg audit.svg --min-recall 0.80

step "audit leaks: raw worker IDs, canaries, residual detections in the scrubbed data"
"$VEIL" audit leaks --raw "$ROOT/examples/red_team_attempts.jsonl" --release scrubbed \
    --hash-field red_team_member_id --canaries "$ROOT/examples/canaries.txt" --json leaks.json

step "release: data card, content warning, manifest, SHA256SUMS, signed reproducible archive"
"$VEIL" release --name red-team-demo --data scrubbed/red_team_attempts.jsonl.zst \
    --card-meta "$ROOT/examples/card.yaml" --stats scrub-stats.json --audit audit.json \
    --audit-svg audit.svg \
    --leaks leaks.json --key keys/veil.sec -o red-team-demo.tar.zst

step "verify: what a downstream researcher runs"
"$VEIL" verify red-team-demo.tar.zst --pub keys/veil.pub

step "summary"
printf 'raw records:        %s\n' "$(wc -l < "$ROOT/examples/red_team_attempts.jsonl")"
printf 'released records:   %s\n' "$(zstd -dc scrubbed/red_team_attempts.jsonl.zst | wc -l)"
printf 'placeholders:       %s\n' "$(zstd -dc scrubbed/red_team_attempts.jsonl.zst | grep -o '\[[A-Z_]*\]' | wc -l)"
printf 'worker pseudonyms:  %s distinct\n' "$(zstd -dc scrubbed/red_team_attempts.jsonl.zst | grep -o '"w_[0-9a-f]*"' | sort -u | wc -l)"
printf 'archive:            %s (%s bytes), signed by %s\n' red-team-demo.tar.zst \
    "$(wc -c < red-team-demo.tar.zst)" "$(sed -n 's/.*minisign public key //p' keys/veil.pub)"
printf 'outputs in:         %s\n' "$OUT"
