#!/usr/bin/env python3
"""CPU of every thread of a running JVM, from /proc, sampled every 0.5 s until the process ends.

Usage: threadcpu.py PID OUT.json      (PID: the benchmark's forked JVM, e.g. pgrep -f 'java.*surefirebooter')
Then:  threadcpu.py --report OUT.json HH:MM:SS HH:MM:SS   CPU seconds per thread group between two UTC times.

Unlike JFR's execution samples this counts native and JIT compiler threads too; a thread that lives shorter than
one sample is counted only in the process total ("short-lived/unseen").
"""
import collections
import json
import os
import re
import sys
import time


def group(name):
    # Linux keeps 15 characters of a thread's name: "external-task-1" and "ernal-task-4a47" are both workers
    if 'ernal-task' in name:
        return 'external-task workers'
    return re.sub(r'[0-9]+', 'N', name)


def sample(pid, out):
    hz = os.sysconf('SC_CLK_TCK')
    seen = {}
    series = []
    while os.path.exists('/proc/%s' % pid):
        try:
            with open('/proc/%s/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            total = (int(fields[11]) + int(fields[12])) / hz
            for tid in os.listdir('/proc/%s/task' % pid):
                try:
                    with open('/proc/%s/task/%s/stat' % (pid, tid)) as f:
                        stat = f.read()
                except OSError:
                    continue
                task = stat.rsplit(')', 1)[1].split()
                seen[tid] = (group(stat[stat.index('(') + 1:stat.rindex(')')]),
                             (int(task[11]) + int(task[12])) / hz)
        except OSError:
            break
        groups = collections.Counter()
        for name, cpu in seen.values():
            groups[name] += cpu
        series.append({'t': time.strftime('%H:%M:%S', time.gmtime()), 'total': total, 'groups': dict(groups)})
        time.sleep(0.5)
    with open(out, 'w') as f:
        json.dump(series, f)


def report(path, start, end):
    with open(path) as f:
        series = json.load(f)
    a = [s for s in series if s['t'] >= start][0]
    b = [s for s in series if s['t'] <= end][-1]
    total = b['total'] - a['total']
    rows = sorted(((b['groups'][k] - a['groups'].get(k, 0), k) for k in b['groups']), reverse=True)
    known = sum(d for d, _ in rows)
    print('process CPU %.2f s from %s to %s; short-lived/unseen threads %.2f s' % (total, a['t'], b['t'],
                                                                                  total - known))
    for d, k in rows[:30]:
        if d > 0.005:
            print('%7.2f s %5.1f%%  %s' % (d, 100 * d / total, k))


if __name__ == '__main__':
    if sys.argv[1] == '--report':
        report(*sys.argv[2:5])
    else:
        sample(sys.argv[1], sys.argv[2])
