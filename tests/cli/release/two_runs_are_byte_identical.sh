. "$CASE_DIR/fixture.inc"
mkdir a b
make_release a/testset.tar.gz
sleep 1
touch train.jsonl.unrelated
make_release b/testset.tar.gz
cmp a/testset.tar.gz b/testset.tar.gz
cmp a/testset.tar.gz.minisig b/testset.tar.gz.minisig
cmp a/testset.SHA256 b/testset.SHA256
make_release a/testset.tar.xz
make_release b/testset.tar.xz
cmp a/testset.tar.xz b/testset.tar.xz
