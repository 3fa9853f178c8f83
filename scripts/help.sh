# shellcheck shell=bash
# -h / --help for every script, sourced (not run) first thing by
# scripts/lib.sh and qemu/dt/lib.sh, before anything else they do; it
# defines one function and has no side effects.
# help_if_asked SCRIPT ARG...: when an ARG is -h or --help, print SCRIPT's
# header comment (the comment lines after the shebang, without the leading
# "# ") on stdout and exit 0; otherwise do nothing.
help_if_asked() {
	local script=$1 a
	shift
	for a in "$@"; do
		case $a in
		-h | --help)
			sed -n '1{/^#!/d}; /^#/!q; s/^# \{0,1\}//; p' "$script"
			exit 0 ;;
		esac
	done
}
