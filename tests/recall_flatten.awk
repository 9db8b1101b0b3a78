# Flatten a JSON document into one "path<TAB>value" line per scalar, for shell scripts that
# must read veil's JSON reports without jq or python: {"a":{"b":[1,2]}} gives "a.b.0<TAB>1" and
# "a.b.1<TAB>2". Strings are printed without quotes and with escapes left as written. POSIX awk
# (mawk, gawk, busybox); the whole input is read first, which suits report-sized files.

function emit(value) {
    print path_of(depth) "\t" value
}

function path_of(d,    i, p) {
    p = ""
    for (i = 1; i <= d; i++) {
        p = (p == "" ? "" : p ".") key[i]
    }
    return p
}

# After a value inside an array, the next element gets the next index.
function after_value() {
    if (depth > 0 && kind[depth] == "array") {
        key[depth] = key[depth] + 1
    }
}

{ doc = doc $0 "\n" }

END {
    n = length(doc)
    depth = 0
    pending = ""
    i = 1
    while (i <= n) {
        c = substr(doc, i, 1)
        if (c == " " || c == "\t" || c == "\n" || c == "\r" || c == ",") {
            i++
            continue
        }
        if (c == "{" || c == "[") {
            depth++
            kind[depth] = (c == "{") ? "object" : "array"
            key[depth] = (c == "{") ? "" : 0
            i++
            continue
        }
        if (c == "}" || c == "]") {
            depth--
            after_value()
            i++
            continue
        }
        if (c == ":") {
            i++
            continue
        }
        if (c == "\"") {
            j = i + 1
            s = ""
            while (j <= n) {
                d = substr(doc, j, 1)
                if (d == "\\") {
                    s = s substr(doc, j, 2)
                    j += 2
                    continue
                }
                if (d == "\"") {
                    break
                }
                s = s d
                j++
            }
            i = j + 1
            # A string followed by ':' is an object key.
            k = i
            while (k <= n && substr(doc, k, 1) ~ /[ \t\r\n]/) {
                k++
            }
            if (depth > 0 && kind[depth] == "object" && substr(doc, k, 1) == ":") {
                key[depth] = s
            } else {
                emit(s)
                after_value()
            }
            continue
        }
        j = i
        while (j <= n && substr(doc, j, 1) !~ /[ \t\r\n,}\]]/) {
            j++
        }
        emit(substr(doc, i, j - i))
        after_value()
        i = j
    }
}
