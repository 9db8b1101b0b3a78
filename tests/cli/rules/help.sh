# --help prints the usage to stdout and succeeds.
"$VEIL" rules --help | head -1
