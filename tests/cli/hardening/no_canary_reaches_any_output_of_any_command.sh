# Planted values travel through scrub, audit, card, release and verify at full verbosity; none of
# them may appear in any byte written (files, stdout, stderr) besides the raw inputs.
set -e
mkdir raw out
cat > raw/data.jsonl <<'JSON'
{"worker":"wk-canary-5521","text":"mail zq.canary.alpha@mailhost.example or call (415) 823-2671"}
{"worker":"wk-canary-5521","text":"my card is 4929 3813 3266 4295, I am wk-canary-5521"}
JSON
# Gold with one value the rules miss on purpose (a bare word), so the worst-miss list is non-empty.
printf '%s\n' '{"id":"g1","text":"reach zq.canary.beta@mailhost.example today","spans":[{"type":"EMAIL","start":6,"end":36}]}' \
    '{"id":"g2","text":"the code word is zqcanarygamma ok","spans":[{"type":"PERSON","start":17,"end":30}]}' > raw/gold.jsonl
printf 'zq.canary.alpha@mailhost.example\n' > raw/canaries.txt
mkdir k
V() { "$VEIL" -v -v -v "$@" >> out/stdout.txt 2>> out/stderr.txt; }
V keygen --out k
V scrub --hash-field worker --id-key k/id.key --stats out/stats.json --spans out/spans.jsonl \
    -o out/data.jsonl raw/data.jsonl
V audit score --gold raw/gold.jsonl --json out/audit.json --markdown out/audit.md --svg out/audit.svg || true
V audit leaks --raw raw/data.jsonl --release out --hash-field worker --canaries raw/canaries.txt \
    --json out/leaks.json || true
V card --meta "$ROOT/examples/card.yaml" --stats out/stats.json --audit out/audit.json \
    --content-warning out/CONTENT_WARNING.md -o out/README.md
V release --name t --data out/data.jsonl --stats out/stats.json --audit out/audit.json --force \
    --card-meta "$ROOT/examples/card.yaml" --key k/veil.sec --source-date-epoch 1700000000 \
    -o out/t.tar.zst
V verify out/t.tar.zst --pub k/veil.pub --extract out/extracted
# Every command really ran and wrote its outputs (the grep below must not pass vacuously).
for f in data.jsonl stats.json spans.jsonl audit.json audit.md audit.svg leaks.json README.md \
    CONTENT_WARNING.md t.tar.zst t.tar.zst.minisig; do test -s "out/$f"; done
test -d out/extracted
grep -q 'EMAIL' out/spans.jsonl
grep -q '13 chars\|PERSON' out/audit.md
for canary in canary.alpha canary.beta zqcanarygamma wk-canary-5521 823-2671 '4929 3813'; do
    if grep -r -l -F "$canary" out; then
        echo "canary $canary leaked" >&2
        exit 1
    fi
done
# A fragment of the card or phone (a partial mask, a last-four) leaks too, but four digits turn up
# by chance in the hex of hashes and pseudonyms (1 run in 100), so only a free-standing group counts.
for group in 4929 3813 3266 4295 2671; do
    if grep -r -l -E "(^|[^0-9A-Za-z])$group([^0-9A-Za-z]|\$)" out; then
        echo "canary $group leaked" >&2
        exit 1
    fi
done
