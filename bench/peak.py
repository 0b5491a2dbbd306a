#!/usr/bin/env python3
"""Run a command; print its wall time (s), user CPU time (s), peak RSS (KiB) and system CPU
time (s) on stderr as 'time: W user: U rss: R sys: S'.  Used by the bench scripts instead of
/usr/bin/time (not installed by default).  Usage: peak.py CMD ARGS... (stdout of CMD is passed through)."""
import os, resource, subprocess, sys, time
t0 = time.monotonic()
p = subprocess.run(sys.argv[1:])
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("time: %.3f user: %.3f rss: %d sys: %.3f\n" % (wall, ru.ru_utime, ru.ru_maxrss, ru.ru_stime))
sys.exit(p.returncode)
