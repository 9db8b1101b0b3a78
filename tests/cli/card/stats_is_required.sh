# Without a stats file there is nothing to take numbers from: a usage error.
"$VEIL" card --meta "$ROOT/examples/card.yaml" -o README.md 2>&1 | head -1
