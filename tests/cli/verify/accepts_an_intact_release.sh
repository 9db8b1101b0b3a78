. "$CASE_DIR/../release/fixture.inc"
make_release
"$VEIL" verify testset.tar.zst --pub keys/veil.pub | sed 's/^trusted comment: .*/trusted comment: .../; s/key id: .*/key id: X/; s/files, [0-9]* bytes/files, N bytes/'
