# An unknown action is a usage error.
"$VEIL" rules frobnicate
