#!/bin/bash
# test/lib/test-leftovers.sh: a test run leaves nothing behind.  A run
# that sources common.sh, makes temp dirs (also inside $(...)) and starts
# a service removes them all at its exit, also when it fails or is
# interrupted; check-leftovers.sh, which make check runs after the areas,
# finds a dir, a process tagged with the run and a process naming the
# run's dir, and nothing of another run.  Each case is a run of its own
# tag; what a case leaves on purpose is removed here (by its pid).
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
source "$here/tap.sh"
T=$(rdr_tmpdir)
check=$here/check-leftovers.sh
base=lt$$

# a run: temp dirs in the shell and in $(...), a service, then $1
cat >"$T/run.sh" <<EOF
source '$here/common.sh'
echo "\$RDR_RUN_TMP" >"\$2"
d=\$(rdr_tmpdir)
touch "\$d/data"
sleep 300 &
# wait: gone before the run exits, as a service's cleanup waits for it
rdr_cleanup_push "kill \$!; wait \$! 2>/dev/null"
case \$1 in
	pass) exit 0 ;;
	fail) exit 3 ;;
	term) kill -TERM \$\$; sleep 5 ;;
esac
EOF

# 1-3. the run's dir and service are gone however it ends
n=0
for how in pass fail term; do
	n=$((n + 1))
	RDR_TEST_RUN=$base$n bash "$T/run.sh" $how "$T/dir.$how" 2>"$T/err.$how"
	rc=$?
	dir=$(cat "$T/dir.$how")
	case $how in pass) want=0 ;; fail) want=3 ;; term) want=143 ;; esac
	if [ "$rc" -eq "$want" ] && [[ $dir == /tmp/rdr-test.$base$n.* ]] && [ ! -e "$dir" ] &&
		out=$("$check" "$base$n" 2>&1); then
		ok "a run that ends with $how (exit $rc) leaves nothing: $out"
	else
		not_ok "a run that ends with $how leaves nothing" "exit $rc (want $want), dir $dir" \
			"$(cat "$T/err.$how")" "$("$check" "$base$n" 2>&1)"
	fi
done

# 4. a dir left behind is named
tag=${base}dir
mkdir -p "/tmp/rdr-test.$tag.left/d.x"
rdr_cleanup_push "rm -rf '/tmp/rdr-test.$tag.left'"
out=$("$check" "$tag" 2>&1)
tap_is "a dir left behind fails the check" "1 leftover temp dir: /tmp/rdr-test.$tag.left (2 entries)" \
	"$? $out"
rm -rf "/tmp/rdr-test.$tag.left"

# 4b. an empty one too: a run whose EXIT trap never ran (SIGKILL)
mkdir "/tmp/rdr-test.$tag.left"
out=$("$check" "$tag" 2>&1)
tap_is "an empty dir left behind fails the check" "1 leftover temp dir: /tmp/rdr-test.$tag.left (1 entries)" \
	"$? $out"
rm -rf "/tmp/rdr-test.$tag.left"

# 5. a process carrying the run's tag is named
tag=${base}env
RDR_TEST_RUN=$tag sleep 301 &
pid=$!
rdr_cleanup_push "kill $pid"
out=$("$check" "$tag" 2>&1)
tap_is "a process of the run fails the check" "1 leftover process $pid: sleep 301 " "$? $out"
kill $pid
wait $pid 2>/dev/null

# 6. a process naming the run's dir, its environment reset, is named
tag=${base}cmd
env -u RDR_TEST_RUN bash -c 'sleep 302; true' "/tmp/rdr-test.$tag.x/pgdata" &
pid=$!
# its sleep first: killing the shell alone would orphan it, holding the
# test's stdout open for 302 s
rdr_cleanup_push "pkill -P $pid; kill $pid"
out=$("$check" "$tag" 2>&1)
tap_is "a process naming the run's dir fails the check" \
	"1 leftover process $pid: bash -c sleep 302; true /tmp/rdr-test.$tag.x/pgdata " "$? $out"
pkill -P $pid
kill $pid
wait $pid 2>/dev/null

# 7. another run's dir and processes do not count
tag=${base}other
mkdir "/tmp/rdr-test.${tag}x.left"
rdr_cleanup_push "rm -rf '/tmp/rdr-test.${tag}x.left'"
RDR_TEST_RUN=${tag}x sleep 303 &
pid=$!
rdr_cleanup_push "kill $pid"
out=$("$check" "$tag" 2>&1)
tap_is "another run's leftovers are not this run's" \
	"0 leftovers: no temp dir and no process left by test run $tag" "$? $out"
kill $pid
wait $pid 2>/dev/null
rm -rf "/tmp/rdr-test.${tag}x.left"

# 8. a tag that could reach outside the run's names is refused
out=$("$check" "../x" 2>&1)
tap_is "a bad tag is a usage error" "2 usage: check-leftovers.sh RUN (letters, digits, - and _)" \
	"$? $out"

tap_done "leftover tests"
