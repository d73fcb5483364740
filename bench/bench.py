#!/usr/bin/env python3
"""bench.py — times `dunlin code` over the benchmark corpus (see README.md).

Run through bench/run.sh (`make bench`). For each thread count it runs
`dunlin code --threads T CORPUS > /dev/null` BENCH_RUNS times, interleaved,
under /usr/bin/time -v (peak RSS), and the same command on an empty file
(startup: process start plus dictionary load). Throughput is measured on the
median wall time minus the median startup. `wc -w` on the same file, in the
same session, is the yardstick. Results go to stdout and to
bench/results/latest.md as Markdown.

Environment: BENCH_MB (corpus size, default 100), BENCH_RUNS (default 5),
BENCH_BIN (default build/opt/dunlin), BENCH_THREADS (default "1 2"),
BENCH_STATS (1: pass --stats when dunlin accepts it; default 1),
The dictionary load time comes from the summary line ("dictionaries N ms").
BENCH_OUT (default bench/results/latest.md).

Exit status: 0 when every run worked (throughput is never judged), 1 when
the harness or dunlin broke (crash, usage error, unparseable output).
"""
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1000 * 1000
GNU_TIME = '/usr/bin/time'


class HarnessError(Exception):
    pass


def env(name, default):
    v = os.environ.get(name, '')
    return v if v.strip() else default


# MARK: - Running one command

def run_timed(cmd, stdin=None, stdout=subprocess.DEVNULL, extra_env=None):
    """Runs cmd once. Returns dict(wall, rss_kib, rc, stderr)."""
    e = dict(os.environ)
    if extra_env:
        e.update(extra_env)
    with tempfile.TemporaryDirectory(prefix='h-bench-') as tmp:
        tfile = os.path.join(tmp, 'time')
        efile = os.path.join(tmp, 'stderr')
        use_time = os.access(GNU_TIME, os.X_OK)
        full = ([GNU_TIME, '-v', '-o', tfile] + cmd) if use_time else cmd
        with open(efile, 'wb') as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(full, stdin=stdin or subprocess.DEVNULL,
                                 stdout=stdout, stderr=err, env=e)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(efile, 'rb') as f:
            stderr = f.read().decode('utf-8', 'replace')
        rss = ru.ru_maxrss  # KiB on Linux; GNU time's figure wins if present
        rc = p.returncode
        if use_time and os.path.exists(tfile):
            with open(tfile, encoding='utf-8', errors='replace') as f:
                tv = f.read()
            m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv)
            if m:
                rss = int(m.group(1))
            m = re.search(r'Command terminated by signal (\d+)', tv)
            if m:
                rc = -int(m.group(1))
            m = re.search(r'Exit status: (\d+)', tv)
            if m and rc >= 0:
                rc = int(m.group(1))
    return {'wall': wall, 'rss_kib': rss, 'rc': rc, 'stderr': stderr}


# MARK: - Reading dunlin's stderr

def _count(text, *words):
    """The last number written next to one of WORDS ("12 events",
    "events: 12", "events=12"), or None."""
    best = None
    for w in words:
        pats = (r'(\d[\d,]*)\s+%s\b' % w, r'\b%s\s*[:=]\s*(\d[\d,]*)' % w)
        for pat in pats:
            for m in re.finditer(pat, text, re.I):
                if best is None or m.start() > best[0]:
                    best = (m.start(), int(m.group(1).replace(',', '')))
    return None if best is None else best[1]


def parse_summary(stderr):
    """Counts from the summary line, e.g. `dunlin: 123 documents read, 123
    coded, 0 failed; 4567 sentences; 890 events; 1.234 s`."""
    lines = [l for l in stderr.splitlines() if re.search(r'\bdocuments?\b', l)]
    text = lines[-1] if lines else stderr
    return {
        'read': _count(text, r'documents?\s+read', r'documents?', 'read'),
        'coded': _count(text, 'coded'),
        'failed': _count(text, 'failed'),
        'sentences': _count(stderr if not lines else text, r'sentences?'),
        'events': _count(stderr if not lines else text, r'events?'),
        'warnings': _count(text, r'warnings?') if lines else None,
        'line': text.strip() if lines else None,
    }


def parse_dict_ms(stderr):
    """Dictionary load time in ms, or None: the number after a word starting
    with "dict" on the summary line ("...; 0.057 s; dictionaries 52.8 ms")
    or in --stats output ("dictionaries loaded in 52.8 ms")."""
    ms = None
    for m in re.finditer(r'\bdict[a-z]*\b[^0-9;,\n]*?(\d+(?:\.\d+)?)\s*(ms|s)\b',
                         stderr, re.I):
        v = float(m.group(1))
        ms = v if m.group(2).lower() == 'ms' else v * 1000
    return ms


# MARK: - Environment of the run

def machine():
    cpu = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    nproc = subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()
    return nproc or str(os.cpu_count()), cpu


def git_commit():
    def git(*a):
        r = subprocess.run(['git', '-C', ROOT] + list(a), capture_output=True,
                           text=True, env=dict(os.environ, GIT_OPTIONAL_LOCKS='0'))
        return r.returncode, r.stdout.strip()
    rc, head = git('rev-parse', '--short', 'HEAD')
    if rc != 0:
        return 'unknown (not a git checkout)'
    rc, dirty = git('status', '--porcelain', '--', 'src', 'include', 'data',
                    'Makefile')
    return head + (' + uncommitted changes in src/include/data' if dirty else '')


def compiler():
    r = subprocess.run([env('CC', 'cc'), '--version'], capture_output=True, text=True)
    return r.stdout.splitlines()[0] if r.returncode == 0 and r.stdout else 'unknown'


def cpu_capacity(n):
    """How many cores N busy processes actually got, side by side: N times
    the time of one alone over the time of N together. On an idle machine
    this is about min(N, nproc); on a shared one it tells whether the
    scaling rows measure dunlin or the neighbours."""
    busy = [sys.executable, '-c', 'sum(i * i for i in range(4000000))']
    def together(k):
        t0 = time.perf_counter()
        ps = [subprocess.Popen(busy) for _ in range(k)]
        for p in ps:
            p.wait()
        return time.perf_counter() - t0
    one = min(together(1) for _ in range(2))
    return n * one / together(n)


# MARK: - The benchmark

def median(xs):
    return statistics.median(xs) if xs else float('nan')


def check_run(r, what):
    """Raises HarnessError when dunlin crashed or refused its arguments."""
    if r['rc'] < 0 or r['rc'] > 125:
        raise HarnessError('%s: killed by signal %d\n%s'
                           % (what, -r['rc'] if r['rc'] < 0 else r['rc'] - 128,
                              r['stderr'][-2000:]))
    if r['rc'] not in (0, 1):
        raise HarnessError('%s: exit status %d\n%s'
                           % (what, r['rc'], r['stderr'][-2000:]))


def main():
    os.chdir(ROOT)
    mb = float(env('BENCH_MB', '100'))
    runs = max(1, int(env('BENCH_RUNS', '5')))
    binary = env('BENCH_BIN', 'build/opt/dunlin')
    threads = [int(t) for t in env('BENCH_THREADS', '1 2').split()]
    want_stats = env('BENCH_STATS', '1') == '1'
    out_md = env('BENCH_OUT', 'bench/results/latest.md')

    if not os.access(binary, os.X_OK):
        raise HarnessError('%s not found; run `make bench`' % binary)

    r = subprocess.run([sys.executable, 'bench/mkcorpus.py', '--mb', '%g' % mb],
                       stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise HarnessError('bench/mkcorpus.py failed')
    corpus = r.stdout.strip().splitlines()[-1]
    size = os.path.getsize(corpus)
    with open(corpus, 'rb') as f:
        ndocs = sum(1 for _ in f)  # also warms the page cache
    empty = os.path.join(os.path.dirname(corpus), 'empty.jsonl')
    open(empty, 'wb').close()

    def cmd(t, path, stats):
        return ([binary, 'code', '--threads', str(t)]
                + (['--stats'] if stats else []) + [path])

    # Does this dunlin take --stats? (dictionary load time, stage split)
    stats = False
    probe = None
    if want_stats:
        probe = run_timed(cmd(1, empty, True))
        stats = probe['rc'] in (0, 1) and not re.search(
            r'unknown|unrecognized|usage', probe['stderr'], re.I)
    base = run_timed(cmd(1, empty, False))
    check_run(base, 'dunlin code on an empty file')

    print('bench: %s, %.1f MB, %d documents; %d run(s) x threads %s%s'
          % (os.path.relpath(corpus), size / MB, ndocs, runs,
             ' '.join(map(str, threads)), ', --stats' if stats else ''),
          file=sys.stderr)

    res = {t: {'full': [], 'empty': []} for t in threads}
    wc = []
    for i in range(runs):
        for t in threads:
            e = run_timed(cmd(t, empty, stats))
            check_run(e, 'dunlin code --threads %d (empty input)' % t)
            res[t]['empty'].append(e)
            f = run_timed(cmd(t, corpus, stats))
            check_run(f, 'dunlin code --threads %d' % t)
            res[t]['full'].append(f)
            print('bench: run %d/%d, %d thread(s): %.3f s, startup %.3f s'
                  % (i + 1, runs, t, f['wall'], e['wall']), file=sys.stderr)
        with open(corpus, 'rb') as fin:
            w = run_timed(['wc', '-w'], stdin=fin, extra_env={'LC_ALL': 'C'})
        if w['rc'] != 0:
            raise HarnessError('wc -w failed')
        wc.append(w['wall'])

    # Counts come from the summary line of the median run; they must agree
    # between runs and thread counts (coding is deterministic).
    rows = {}
    notes = []
    for t in threads:
        full = sorted(res[t]['full'], key=lambda r: r['wall'])
        mid = full[(len(full) - 1) // 2]
        summ = parse_summary(mid['stderr'])
        if summ['line'] is None:
            raise HarnessError('no summary line on stderr of `dunlin code`:\n'
                               + mid['stderr'][-2000:])
        if summ['events'] is None:
            # Fallback: count the records of one extra run.
            p = subprocess.run(cmd(t, corpus, False), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
            summ['events'] = p.stdout.count(b'\n')
            notes.append('events counted from stdout (not in the summary line)')
        for r in full:
            s = parse_summary(r['stderr'])
            if (s['events'], s['sentences']) != (summ['events'], summ['sentences']) \
                    and s['events'] is not None:
                notes.append('WARNING: counts differ between runs with %d '
                             'thread(s)' % t)
                break
        wall = median([r['wall'] for r in full])
        startup = median([r['wall'] for r in res[t]['empty']])
        net = wall - startup
        if net <= 0.05 * wall:
            notes.append('WARNING: corpus too small to separate startup from '
                         'coding with %d thread(s); rates use the raw time' % t)
            net = wall
        dict_ms = [parse_dict_ms(r['stderr']) for r in res[t]['empty'] + full]
        dict_ms = [d for d in dict_ms if d is not None]
        rows[t] = {
            'wall': wall, 'startup': startup, 'net': net,
            'rss': max(r['rss_kib'] for r in full) / 1024,
            'rss_empty': max(r['rss_kib'] for r in res[t]['empty']) / 1024,
            'summ': summ, 'rc': mid['rc'],
            'dict_ms': median(dict_ms) if dict_ms else None,
            'stats_text': mid['stderr'] if stats else '',
        }
        if summ['read'] is not None and summ['read'] != ndocs:
            notes.append('WARNING: %d thread(s): dunlin read %d of the %d '
                         'documents' % (t, summ['read'], ndocs))
        if mid['rc'] == 1:
            notes.append('dunlin exited 1 with %d thread(s) (some documents '
                         'failed): %s' % (t, summ['line']))
    counts = [(rows[t]['summ']['sentences'], rows[t]['summ']['events'])
              for t in threads]
    if len(set(counts)) > 1:
        notes.append('WARNING: sentence/event counts differ between thread '
                     'counts: %s' % ', '.join('%d: %s' % (t, c)
                                              for t, c in zip(threads, counts)))

    wc_wall = median(wc)
    cap = cpu_capacity(max(threads)) if max(threads) > 1 else None
    if cap is not None and cap < 0.8 * max(threads):
        notes.append('WARNING: %d busy processes got only %.1f cores side by '
                     'side; the thread scaling rows are limited by the '
                     'machine (shared or throttled), not by dunlin'
                     % (max(threads), cap))
    md = report(corpus, size, ndocs, runs, threads, rows, wc_wall, stats,
                notes, binary, cap)
    print(md)
    os.makedirs(os.path.dirname(out_md) or '.', exist_ok=True)
    with open(out_md + '.tmp', 'w') as f:
        f.write(md)
    os.replace(out_md + '.tmp', out_md)
    print('bench: wrote %s' % out_md, file=sys.stderr)


def ratio(x):
    return ('%.0f×' if x >= 10 else '%.2f×') % x


def fmt(v, spec='%.0f'):
    return '–' if v is None else spec % v


def report(corpus, size, ndocs, runs, threads, rows, wc_wall, stats, notes,
           binary, cap):
    nproc, cpu = machine()
    t1 = threads[0]
    now = datetime.datetime.now(datetime.timezone.utc)
    L = []
    L.append('# dunlin benchmark, %s' % now.strftime('%Y-%m-%d %H:%M UTC'))
    L.append('')
    L.append('- machine: %s CPUs (nproc), %s; %s %s'
             % (nproc, cpu, platform.system(), platform.release()))
    L.append('- commit: %s' % git_commit())
    L.append('- binary: `%s` (`make bench`: -O2 -DNDEBUG), %s' % (binary, compiler()))
    L.append('- corpus: `%s`, %.1f MB, %d documents (`bench/mkcorpus.py`)'
             % (os.path.relpath(corpus, ROOT), size / MB, ndocs))
    L.append('- method: median of %d run(s) of `dunlin code --threads T%s CORPUS'
             ' > /dev/null`; startup (median of the same command on an empty '
             'file) is subtracted before computing rates; `wc -w` runs with '
             'LC_ALL=C on the same file in the same session. MB = 10^6 bytes.'
             % (runs, ' --stats' if stats else ''))
    L.append('')
    hdr = '| measure | ' + ' | '.join('%d thread%s' % (t, '' if t == 1 else 's')
                                      for t in threads) + ' |'
    L.append(hdr)
    L.append('|---|' + '---:|' * len(threads))

    def row(name, f):
        L.append('| %s | %s |' % (name, ' | '.join(f(rows[t], t) for t in threads)))

    row('wall time, median (s)', lambda r, t: '%.3f' % r['wall'])
    row('startup: empty input (s)', lambda r, t: '%.3f' % r['startup'])
    row('coding time, wall − startup (s)', lambda r, t: '%.3f' % r['net'])
    row('**MB/s**', lambda r, t: '**%.2f**' % (size / MB / r['net']))
    row('documents/s', lambda r, t: '%.0f' % (ndocs / r['net']))
    row('**sentences/s**', lambda r, t: '**%s**' % fmt(
        None if r['summ']['sentences'] is None else r['summ']['sentences'] / r['net']))
    row('events/s', lambda r, t: fmt(
        None if r['summ']['events'] is None else r['summ']['events'] / r['net']))
    row('peak RSS (MiB)', lambda r, t: '%.1f' % r['rss'])
    row('peak RSS, empty input (MiB)', lambda r, t: '%.1f' % r['rss_empty'])
    row('time ÷ `wc -w` time', lambda r, t: ratio(r['net'] / wc_wall))
    row('speedup over %d thread%s' % (t1, '' if t1 == 1 else 's'),
        lambda r, t: '%.2f×' % (rows[t1]['net'] / r['net']))
    row('parallel efficiency', lambda r, t: '%.0f%%' % (
        100 * rows[t1]['net'] / r['net'] / (t / t1)))
    L.append('')
    L.append('| reference | value |')
    L.append('|---|---:|')
    L.append('| `wc -w` wall, median (s) | %.3f |' % wc_wall)
    L.append('| `wc -w` MB/s | %.1f |' % (size / MB / wc_wall))
    if cap is not None:
        L.append('| cores %d busy processes got side by side | %.1f |'
                 % (max(threads), cap))
    d = rows[t1]['dict_ms']
    if d is not None:
        L.append('| dictionary load, from dunlin\'s stderr (ms) | %.1f |' % d)
    L.append('| startup incl. dictionary load, empty input (ms) | %.1f |'
             % (rows[t1]['startup'] * 1000))
    s = rows[t1]['summ']
    L.append('| documents read / coded / failed | %s / %s / %s |'
             % (fmt(s['read'], '%d'), fmt(s['coded'], '%d'), fmt(s['failed'], '%d')))
    L.append('| sentences | %s |' % fmt(s['sentences'], '%d'))
    L.append('| events | %s |' % fmt(s['events'], '%d'))
    if s['warnings'] is not None:
        L.append('| warnings | %d |' % s['warnings'])
    L.append('')
    L.append('Summary line (%d thread%s, median run): `%s`'
             % (t1, '' if t1 == 1 else 's', s['line']))
    if stats and rows[t1]['stats_text'].strip():
        L.append('')
        L.append('`--stats` output (%d thread%s, median run):' % (t1, '' if t1 == 1 else 's'))
        L.append('')
        L.append('```')
        L.extend(rows[t1]['stats_text'].rstrip('\n').splitlines()[-40:])
        L.append('```')
    if notes:
        L.append('')
        L.extend('- ' + n for n in dict.fromkeys(notes))
    L.append('')
    return '\n'.join(L)


if __name__ == '__main__':
    try:
        main()
    except HarnessError as e:
        print('bench: error: %s' % e, file=sys.stderr)
        sys.exit(1)
