# --force replaces regular key files only: a veil.sec that is a symbolic link (here to a file
# outside the key directory) is neither replaced by a file nor written through, and nothing of
# the set is written
mkdir k elsewhere
echo keep > elsewhere/target
ln -s ../elsewhere/target k/veil.sec
"$VEIL" keygen --out k --force
code=$?
test -L k/veil.sec || exit 9
test "$(readlink k/veil.sec)" = ../elsewhere/target || exit 8
test "$(cat elsewhere/target)" = keep || exit 7
test "$(ls -A k)" = veil.sec || exit 6
test "$(ls -A elsewhere)" = target || exit 5
exit $code
