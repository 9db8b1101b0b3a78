# The 30-second session: keygen, scrub with stats, release, then every verifier.
set -e
"$VEIL" -q keygen --out keys >/dev/null
"$VEIL" -q scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" --warnings "$ROOT/rules/warnings" \
    --stats stats.json -o clean.jsonl.zst "$ROOT/examples/red_team_attempts.jsonl"
"$VEIL" release --name rt-attempts --data clean.jsonl.zst --stats stats.json \
    --card-meta "$ROOT/examples/card.yaml" --warnings "$ROOT/rules/warnings" \
    --key keys/veil.sec -o rt-attempts.tar.zst > out.txt
grep -q '^key id: ' out.txt
minisign -Vq -m rt-attempts.tar.zst -p keys/veil.pub
signify-openbsd -Cq -p keys/veil.pub -x rt-attempts.SHA256
mkdir x && tar xf rt-attempts.tar.zst -C x
(cd x/rt-attempts && sha256sum --quiet --strict -c SHA256SUMS)
test -s x/rt-attempts/README.md && test -s x/rt-attempts/CONTENT_WARNING.md
grep -q 'Permission is hereby granted' x/rt-attempts/LICENSE
"$VEIL" verify rt-attempts.tar.zst --pub keys/veil.pub --extract y > v.txt
grep -q '^verified: rt-attempts.tar.zst' v.txt
cmp x/rt-attempts/data/clean.jsonl.zst y/rt-attempts/data/clean.jsonl.zst
