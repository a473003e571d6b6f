# tests/screen/lib.sh — drive liseuse in a real terminal (tmux), the way a
# reader would, and check what the screen shows.
#
# Each scenario gets its own tmux server (-L), so scenarios never see each
# other, and nothing sleeps blindly: wait_for polls the screen until what is
# expected appears (or a timeout says it never did).  Checks print TAP-like
# "ok - …" / "not ok - …" lines that tests/run counts.

LISEUSE=${LISEUSE:-$PWD/liseuse}
SCREEN_TIMEOUT=${SCREEN_TIMEOUT:-8}
TMPD=$(mktemp -d)
trap 'for s in $SERVERS; do tmux -L "$s" kill-server 2>/dev/null; done; rm -rf "$TMPD"' EXIT
SERVERS=""
SRV=""

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }

# start NAME COLS ROWS COMMAND: run COMMAND in a fresh terminal; when it exits
# the pane shows "[exit N]" and stays open.
start() {
	SRV="liseuse-$1-$$"
	SERVERS="$SERVERS $SRV"
	tmux -L "$SRV" kill-server 2>/dev/null
	tmux -L "$SRV" -f /dev/null new-session -d -x "$2" -y "$3" \
		"cd '$PWD' && export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=${TERM_UNDER_TEST:-tmux-256color} XDG_STATE_HOME='$TMPD/state' XDG_CONFIG_HOME='$TMPD/config'; $4; echo \"[exit \$?]\"; sleep 600"
	tmux -L "$SRV" set-option -g remain-on-exit on >/dev/null 2>&1
}

stop() { tmux -L "$SRV" kill-server 2>/dev/null; }

screen() { tmux -L "$SRV" capture-pane -p "$@"; }
keys() { tmux -L "$SRV" send-keys "$@"; }
resize() { tmux -L "$SRV" resize-window -x "$1" -y "$2" 2>/dev/null || tmux -L "$SRV" resize-pane -x "$1" -y "$2"; }
flag() { tmux -L "$SRV" display-message -p "#{$1}"; }

# wait_for PATTERN (grep -E on the screen): 0 when it shows, 1 on timeout.
wait_for() {
	local end=$((SECONDS + SCREEN_TIMEOUT))
	while [ $SECONDS -le $end ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

# wait_gone PATTERN: 0 once the screen no longer shows it.
wait_gone() {
	local end=$((SECONDS + SCREEN_TIMEOUT))
	while [ $SECONDS -le $end ]; do
		screen | grep -qE -- "$1" || return 0
		sleep 0.05
	done
	return 1
}

# wait_change BEFORE: 0 once the screen differs from BEFORE (a capture).
wait_change() {
	local end=$((SECONDS + SCREEN_TIMEOUT))
	while [ $SECONDS -le $end ]; do
		[ "$(screen)" != "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# check DESCRIPTION PATTERN: ok if the screen shows PATTERN (waiting for it).
check() {
	if wait_for "$2"; then ok "$1"; else
		notok "$1"
		echo "# expected /$2/ on screen:"; screen | sed 's/^/#   /'
	fi
}

# check_not DESCRIPTION PATTERN: ok if the screen does not show PATTERN now.
check_not() {
	if screen | grep -qE -- "$2"; then
		notok "$1"
		echo "# unexpected /$2/ on screen:"; screen | sed 's/^/#   /'
	else ok "$1"; fi
}

# check_exit DESCRIPTION STATUS: the program exited with STATUS and the
# terminal is back to normal (no alternate screen, cursor shown, no mouse).
check_exit() {
	if wait_for "\[exit $2\]"; then
		local alt cur mouse
		alt=$(flag alternate_on) cur=$(flag cursor_flag) mouse=$(flag mouse_any_flag)
		if [ "$alt" = 0 ] && [ "$cur" = 1 ] && [ "$mouse" = 0 ]; then ok "$1"
		else notok "$1 (terminal not restored: alternate=$alt cursor=$cur mouse=$mouse)"; fi
	else
		notok "$1 (no [exit $2])"; screen | sed 's/^/#   /'
	fi
}

# status: the last non-empty line of the screen (the status line).
status() { screen | grep -v '^ *$' | tail -1; }

# first_word: the first word on screen.
first_word() { screen | grep -v '^ *$' | head -1 | awk '{print $1}'; }
