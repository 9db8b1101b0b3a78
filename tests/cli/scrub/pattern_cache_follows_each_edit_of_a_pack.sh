set -e
# A warm pattern cache (compiled patterns and the trigger index) never outlives an edit of the
# pack: after each edit (a rule added with a new trigger word, a trigger word changed, a rule
# removed) a run with the cache writes what a run without it writes, and the first record of a
# file finds what the same record finds again later in it.
export VEIL_CACHE_DIR="$PWD/cache"
mkdir packs
# 00-fragments.yaml too: the pack's files use its fragments
cp "$ROOT/rules/default/00-fragments.yaml" "$ROOT/rules/default/10-email.yaml" \
    "$ROOT/rules/default/20-us-ssn.yaml" "$ROOT/rules/default/22-credit-card.yaml" packs/
line='{"text":"badge BX-4417-22, holder BX-9921-07, mail jane.roe@mail.org, ssn 531-24-1001"}'
printf '%s\n%s\n%s\n' "$line" '{"text":"nothing here"}' "$line" >in.jsonl
badge_pack() {
    cat >packs/90-badge.yaml <<YAML
pack: badge
version: 1
recognizers:
  - name: staff_badge
    supported_entity: BADGE
    patterns:
      - name: badge_after_its_word
        regex: '(?i:\\b$1\\b)[ \\t]+(?<pii>BX-[0-9]{4}-[0-9]{2})\\b'
        score: 0.9
YAML
}
scrub_both() {
    "$VEIL" -q scrub --no-warnings --rules packs -o warm.jsonl in.jsonl
    VEIL_CACHE_DIR=off "$VEIL" -q scrub --no-warnings --rules packs -o none.jsonl in.jsonl
    cmp warm.jsonl none.jsonl
    test "$(sed -n 1p warm.jsonl)" = "$(sed -n 3p warm.jsonl)"
    sed -n 1p warm.jsonl
}
scrub_both            # cold: the cache is written
scrub_both            # warm: read back
badge_pack badge      # a rule with a trigger word the index has never seen
scrub_both
badge_pack holder     # its trigger word changed
scrub_both
rm packs/90-badge.yaml # the rule gone
scrub_both
