. "$CASE_DIR/fixture.inc"
make_release
zstd -q -dc testset.tar.zst > plain.tar
# every header is plain ustar: no pax records (no atime/ctime/xattrs), owner 0/0, no names
python3 - <<'PY'
import tarfile, sys
t = tarfile.open("plain.tar")
bad = [(m.name, m.pax_headers, m.uid, m.gid, m.uname, m.gname, oct(m.mode), m.mtime)
       for m in t.getmembers()
       if m.pax_headers or m.uid or m.gid or m.uname or m.gname or m.mtime != 1700000000
       or m.mode != (0o755 if m.isdir() else 0o644)]
raw = open("plain.tar", "rb").read()
if bad or b"PaxHeader" in raw or raw[257:263] != b"ustar\x00":
    print(bad, file=sys.stderr)
    sys.exit(1)
PY
