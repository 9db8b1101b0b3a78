# A pack without risky patterns lints clean.
cp "$ROOT/tests/fixtures/engine/basic.yaml" basic.yaml
"$VEIL" rules lint basic.yaml
