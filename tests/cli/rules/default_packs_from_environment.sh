# Without PACK arguments the default packs are used ($VEIL_RULES, $VEIL_WARNINGS).
cp -R "$ROOT/tests/fixtures/engine/dir" packs
VEIL_RULES=packs VEIL_WARNINGS=missing "$VEIL" rules list
