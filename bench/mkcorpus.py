#!/usr/bin/env python3
"""mkcorpus.py — builds the benchmark corpus: JSON Lines news documents.

The corpus is made from the project's own articles, so it needs nothing but
the checkout (and ../shared when present):

  examples/*.txt            the example articles
  tests/corpus/**/*.txt     the test corpus
  tests/golden/coder.txt    the sentences of the golden cases (lines that are
                            not comments, directives or expected output)
  ../shared/seeds/*.txt     the seed articles, when ../shared exists

Each document takes a base article and varies it deterministically: body
paragraphs are kept, swapped for a paragraph of another article, have their
sentences shuffled, or are rebuilt from sentences drawn from every source;
paragraphs are dropped, added and reordered. Ids and publication dates vary.
A fixed seed makes the output byte-for-byte reproducible (same sources, same
parameters, same Python 3 version line).

The file is bench/corpus/news-<MB>mb-s<SEED>.jsonl with a .params file
beside it; an existing corpus with the same parameters and the same source
fingerprint is reused. The path of the corpus is printed on stdout.

MB means 10^6 bytes, here and in bench/run.sh.
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import random
import re
import sys

FORMAT_VERSION = 1
MB = 1000 * 1000
MAX_DOC_BYTES = 24 * 1000  # keep documents article-sized

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A sentence ends at . ! or ? (optionally followed by a closing quote or
# bracket) before white space and a capital, digit or opening quote.
SENT_SPLIT = re.compile(
    r'(?<=[.!?])\s+(?=["“‘(\[A-Z0-9])|(?<=[.!?]["”’)\]])\s+(?=["“‘(\[A-Z0-9])')
PARA_SPLIT = re.compile(r'\n[ \t]*\n+')
CONTROL = re.compile(r'[\x00-\x08\x0b-\x1f\x7f]')
# Lines of a golden file that are not input text.
GOLDEN_SKIP = re.compile(
    r'^\s*($|[#%@!<>{}\[\]=|.:;~`*+-]|[a-z_][a-z0-9_-]{0,15}:(\s|$)|\$ )')


def clean(raw):
    """Bytes of a source file -> text fit for a JSON string."""
    text = raw.decode('utf-8', errors='replace')
    text = text.replace('\r\n', '\n').replace('\r', '\n')
    return CONTROL.sub(' ', text)


def paragraphs(text):
    return [p.strip() for p in PARA_SPLIT.split(text) if p.strip()]


def sentences(para):
    return [s.strip() for s in SENT_SPLIT.split(para) if s.strip()]


def golden_sentences(text):
    out = []
    for line in text.split('\n'):
        if GOLDEN_SKIP.match(line):
            continue
        line = line.strip()
        if len(line.split()) >= 3 and re.search(r'[A-Za-z]', line):
            out.append(line)
    return out


def source_files(root):
    """(kind, path) of every source, in a fixed order."""
    files = []
    for p in sorted(glob.glob(os.path.join(root, 'examples', '*.txt'))):
        files.append(('article', p))
    for p in sorted(glob.glob(os.path.join(root, 'tests', 'corpus', '**', '*.txt'),
                              recursive=True)):
        files.append(('article', p))
    golden = os.path.join(root, 'tests', 'golden', 'coder.txt')
    if os.path.isfile(golden):
        files.append(('golden', golden))
    shared = os.path.join(os.path.dirname(root), 'shared', 'seeds')
    for p in sorted(glob.glob(os.path.join(shared, '*.txt'))):
        files.append(('article', p))
    return files


def load_sources(root):
    """Returns (files, (real articles, golden articles), sentence pool,
    paragraph pool, fingerprint)."""
    real, golden_articles, sent_pool, para_pool = [], [], [], []
    fp = hashlib.sha256()
    with open(os.path.abspath(__file__), 'rb') as f:  # the generator itself
        fp.update(hashlib.sha256(f.read()).digest())
    files = source_files(root)
    for kind, path in files:
        with open(path, 'rb') as f:
            raw = f.read()
        fp.update(os.path.relpath(path, os.path.dirname(root)).encode())
        fp.update(b'\0')
        fp.update(hashlib.sha256(raw).digest())
        text = clean(raw)
        if kind == 'golden':
            gs = golden_sentences(text)
            sent_pool.extend(gs)
            # Golden sentences also make small articles of 4 sentences.
            for i in range(0, len(gs), 4):
                para = ' '.join(gs[i:i + 4])
                para_pool.append(para)
                golden_articles.append([para])
            continue
        paras = paragraphs(text)
        if not paras:
            continue
        real.append(paras)
        para_pool.extend(paras)
        for p in paras:
            sent_pool.extend(s for s in sentences(p) if len(s.split()) >= 3)
    return files, (real, golden_articles), sent_pool, para_pool, fp.hexdigest()


def make_id(rng, i):
    style = rng.randrange(4)
    if style == 0:
        return 'bench-%07d' % i
    if style == 1:
        return 'wire/%07d-%04x' % (i, rng.getrandbits(16))
    if style == 2:
        return '%016x-%d' % (rng.getrandbits(64), i)
    return 'news.example.org/%d/%07d' % (2000 + rng.randrange(25), i)


DATE0 = datetime.date(2000, 1, 1).toordinal()
DATE1 = datetime.date(2024, 12, 31).toordinal()


def make_date(rng):
    return datetime.date.fromordinal(rng.randint(DATE0, DATE1)).isoformat()


def vary_paragraph(rng, para, sent_pool, para_pool):
    r = rng.random()
    if r < 0.50:
        return para
    if r < 0.70:
        return rng.choice(para_pool)
    if r < 0.85:
        s = sentences(para)
        rng.shuffle(s)
        return ' '.join(s)
    return ' '.join(rng.choice(sent_pool) for _ in range(rng.randint(2, 5)))


def make_text(rng, articles, sent_pool, para_pool):
    # Three in four documents start from a real article, the rest from
    # golden sentences; both get the same variations.
    real, golden = articles
    base = rng.choice(real if real and (not golden or rng.random() < 0.75)
                      else golden)
    # The first paragraph (byline, dateline) usually stays in front.
    head, body = (base[:1], base[1:]) if rng.random() < 0.8 else ([], base[:])
    body = [vary_paragraph(rng, p, sent_pool, para_pool) for p in body]
    if body and rng.random() < 0.3:
        del body[rng.randrange(len(body))]
    for _ in range(rng.choice((0, 0, 1, 2))):
        body.insert(rng.randint(0, len(body)), rng.choice(para_pool))
    if rng.random() < 0.3:
        rng.shuffle(body)
    paras = head + body
    if not paras:
        paras = [rng.choice(para_pool)]
    text = '\n\n'.join(paras) + '\n'
    if len(text.encode('utf-8')) > MAX_DOC_BYTES:
        text = text.encode('utf-8')[:MAX_DOC_BYTES].decode('utf-8', 'ignore')
        text = text[:text.rfind('\n\n') + 1] if '\n\n' in text else text
    return text


def build(path, mb, seed, articles, sent_pool, para_pool):
    rng = random.Random(seed)
    target = int(mb * MB)
    tmp = path + '.tmp'
    size = docs = 0
    with open(tmp, 'wb') as out:
        while size < target:
            doc = {'id': make_id(rng, docs),
                   'text': make_text(rng, articles, sent_pool, para_pool),
                   'date': make_date(rng)}
            line = (json.dumps(doc, ensure_ascii=False) + '\n').encode('utf-8')
            out.write(line)
            size += len(line)
            docs += 1
    os.replace(tmp, path)
    return docs, size


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mb', type=float, default=100,
                    help='corpus size in MB (10^6 bytes), default 100')
    ap.add_argument('--seed', type=int, default=20190905,
                    help='random seed (default 20190905)')
    ap.add_argument('--out', default=os.path.join(ROOT, 'bench', 'corpus'),
                    help='output folder (default bench/corpus)')
    ap.add_argument('--force', action='store_true',
                    help='rebuild even when an identical corpus exists')
    args = ap.parse_args()
    if args.mb <= 0:
        ap.error('--mb must be positive')

    files, articles, sent_pool, para_pool, fingerprint = load_sources(ROOT)
    if not (articles[0] or articles[1]) or not sent_pool:
        sys.exit('mkcorpus: no source articles found (examples/, tests/corpus/, '
                 'tests/golden/coder.txt, ../shared/seeds/)')

    os.makedirs(args.out, exist_ok=True)
    name = 'news-%smb-s%d' % (('%g' % args.mb).replace('.', '_'), args.seed)
    path = os.path.join(args.out, name + '.jsonl')
    params_path = os.path.join(args.out, name + '.params')
    params = {'format': FORMAT_VERSION, 'mb': args.mb, 'seed': args.seed,
              'sources': fingerprint, 'nsources': len(files),
              'python': '%d.%d' % sys.version_info[:2]}
    if not args.force and os.path.isfile(path):
        try:
            with open(params_path) as f:
                old = json.load(f)
            if {k: old.get(k) for k in params} == params:
                print('mkcorpus: reusing %s (%d documents, %.1f MB)' % (
                    os.path.relpath(path), old.get('documents', 0),
                    os.path.getsize(path) / MB), file=sys.stderr)
                print(path)
                return
        except (OSError, ValueError):
            pass

    print('mkcorpus: %d source files, %d articles, %d golden groups, '
          '%d paragraphs, %d sentences' % (len(files), len(articles[0]),
                                           len(articles[1]), len(para_pool),
                                           len(sent_pool)),
          file=sys.stderr)
    docs, size = build(path, args.mb, args.seed, articles, sent_pool, para_pool)
    params.update(documents=docs, bytes=size)
    with open(params_path + '.tmp', 'w') as f:
        json.dump(params, f, indent=1, sort_keys=True)
        f.write('\n')
    os.replace(params_path + '.tmp', params_path)
    print('mkcorpus: wrote %s (%d documents, %.1f MB)'
          % (os.path.relpath(path), docs, size / MB), file=sys.stderr)
    print(path)


if __name__ == '__main__':
    main()
