# Benchmark inputs, built from the real dialogue at run time (never committed).
# make_inputs OUT DATA "SCALES": real_x<S>.jsonl for each scale, pii_dense.jsonl, non_ascii.jsonl,
# one_record.jsonl, long_line.jsonl

make_inputs() {
    out=$1; data=$2; scales=$3
    zcat "$data" > "$out/real_x1.jsonl"
    for s in $scales; do
        [ "$s" = 1 ] && continue
        [ -f "$out/real_x$s.jsonl" ] && continue
        i=0; while [ $i -lt "$s" ]; do cat "$out/real_x1.jsonl"; i=$((i + 1)); done > "$out/real_x$s.jsonl"
    done
    [ -f "$out/real_x10.jsonl" ] || { i=0; while [ $i -lt 10 ]; do cat "$out/real_x1.jsonl"; i=$((i + 1)); done > "$out/real_x10.jsonl"; }
    # PII-dense: every record carries several planted values of different types (valid ones,
    # but not the published test values, which the pack leaves alone).
    awk 'BEGIN {
        srand(7);
        for (n = 0; n < 40000; n++) {
            printf "{\"text\":\"Human: I am user%d, mail me at user%d.name@mail%d.example.org or call (%03d) %03d-%04d. ", n, n, n % 97, 200 + n % 700, 200 + n % 799, n % 10000;
            printf "My card is 4556 5260 1815 9081 and my SSN 531-24-%04d; server 10.%d.%d.%d; IBAN NL58ABNA3016613186.", 1000 + n % 9000, n % 256, (n * 7) % 256, 1 + n % 254;
            printf "\\n\\nAssistant: I cannot help with that.\"}\n";
        }
    }' > "$out/pii_dense.jsonl"
    # Non-ASCII-heavy: the real dialogue with its letters mapped into Cyrillic and its digits
    # into full-width forms (same sizes of words and lines, different bytes); JSON escapes such
    # as \n and \u2019 are kept as they are. perl is part of every Debian system.
    perl -CSD -Mutf8 -pe 'BEGIN { @c = split //, "абцдефгхийклмнопярстужвьыз" }
        s{(\\u[0-9A-Fa-f]{4}|\\.)|([a-z])|([0-9])}
         {defined $1 ? $1 : defined $2 ? $c[ord($2) - 97] : chr(0xFF10 + $3)}ge' \
        "$out/real_x1.jsonl" > "$out/non_ascii_1.jsonl"
    cat "$out/non_ascii_1.jsonl" "$out/non_ascii_1.jsonl" "$out/non_ascii_1.jsonl" > "$out/non_ascii.jsonl"
    rm -f "$out/non_ascii_1.jsonl"
    # One long record: every transcript of the x1 file joined into one string (about 3 MB), to
    # compare with the same text as the file's 2,312 records. The JSON escapes are copied as
    # they are.
    perl -ne 'while (/"(?:chosen|rejected)": "((?:[^"\\]|\\.)*)"/g) { push @t, $1 }
        END { print "{\"text\": \"", join(" ", @t), "\"}\n" }' \
        "$out/real_x1.jsonl" > "$out/one_record.jsonl"
    # A record of just under 64 MiB (that text repeated, cut at a space): the memory bound must
    # hold for lines up to 64 MiB.
    perl -ne 'chomp; /^\{"text": "(.*)"\}$/ or next; my $s = join(" ", ($1) x 22);
        $s = substr($s, 0, 64 * 1024 * 1024 - 64); $s =~ s/ [^ ]*\z//;
        print "{\"text\": \"", $s, "\"}\n"' \
        "$out/one_record.jsonl" > "$out/long_line.jsonl"
}
