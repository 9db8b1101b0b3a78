# A pack without risky patterns lints clean (exit 0); a costly reading is noted, not counted.
cp "$ROOT/tests/fixtures/engine/basic.yaml" basic.yaml
"$VEIL" rules lint basic.yaml
