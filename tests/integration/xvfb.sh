# Sourced by the tests that run the real binary on an X server: `start_xvfb FIRST LAST` starts Xvfb (1280×800) on
# the first free display number in FIRST..LAST (tests running side by side take different ranges), and sets
# `display` and `xvfb` (its pid, for the caller's cleanup). Calls the caller's `fail` when it cannot.
start_xvfb() {
  display=""
  for n in $(seq "$1" "$2"); do
    if [[ ! -e /tmp/.X11-unix/X$n && ! -e /tmp/.X$n-lock ]]; then display=":$n"; break; fi
  done
  [[ -n $display ]] || fail "no free X display number in $1..$2"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 100); do xdpyinfo -display "$display" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "Xvfb did not start on $display"
}
