#!/usr/bin/env python3
"""Scores a fangtan binary on held-out review sets (tests/fixtures/reviews/N: articles/,
questions.jsonl, README.md, verify.py), by the automatic rule of docs/quality.md: an answerable
question is right when the first quote is the expected speaker's ("" for the writer; words
relayed inside an answer count as the relayed person's and as the relayer's), from the
expected article, and holds the expected phrase; an unanswerable one when it is refused.

  python3 scripts/review.py BINARY SET_DIR [SET_DIR ...] [--show] [--save FILE]

Each set is indexed alone in a temporary folder. --show prints every question that is not
right with the first quote; --save writes each question's status (JSON) for comparing runs."""
import argparse, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ask(binary, config, corpus, index, question):
    env = dict(os.environ, FANGTAN_CORPUS_DIR=corpus, FANGTAN_INDEX_DIR=index)
    run = subprocess.run([binary, "--config", config, "ask", "--json", "--top", "3", question],
                         env=env, capture_output=True, text=True)
    try:
        return json.loads(run.stdout)
    except ValueError:
        return {"error": (run.stdout + run.stderr).strip()}


def right(q, a):
    # Words one speaker relays from another («彼得跟我说：“……”») are the relayed person's in
    # the reply, in the relayer's turn: a set may expect either of the two.
    said_by = [a.get("speaker") or ""] + ([a["relayed_by"]] if a.get("relayed_by") else [])
    return (q["speaker"] in said_by
            and a.get("article", {}).get("path", "").split("/")[-1] == q["article"]
            and q["phrase"] in a.get("quote", ""))


def status(q, reply):
    if "error" in reply:
        return "error"
    answers = reply.get("answers") or []
    if not q["answerable"]:
        return "refused" if not answers else "answered"
    if not answers:
        return "refused"
    if right(q, answers[0]):
        return "first"
    return "top3" if any(right(q, a) for a in answers[:3]) else "wrong"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--config", default=os.path.join(ROOT, "config", "fangtan.toml"))
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--save")
    args = ap.parse_args()
    saved = {}
    for set_dir in args.sets:
        questions = [json.loads(l) for l in open(os.path.join(set_dir, "questions.jsonl"),
                                                 encoding="utf-8") if l.strip()]
        with tempfile.TemporaryDirectory() as index:
            corpus = os.path.join(os.path.abspath(set_dir), "articles")
            replies = {q["id"]: ask(args.binary, args.config, corpus, index, q["question"])
                       for q in questions}
        statuses = {q["id"]: status(q, replies[q["id"]]) for q in questions}
        saved[set_dir] = statuses
        answerable = [q for q in questions if q["answerable"]]
        other = [q for q in questions if not q["answerable"]]
        count = lambda qs, *kinds: sum(statuses[q["id"]] in kinds for q in qs)
        print(f"{set_dir}: answerable first {count(answerable, 'first')} "
              f"top3 {count(answerable, 'first', 'top3')} refused {count(answerable, 'refused')} "
              f"of {len(answerable)}; unanswerable refused {count(other, 'refused')} of {len(other)}; "
              f"errors {count(questions, 'error')}")
        if args.show:
            for q in questions:
                st = statuses[q["id"]]
                if st in ("first",) or (st == "refused" and not q["answerable"]):
                    continue
                answers = replies[q["id"]].get("answers") or []
                got = f"[{answers[0].get('speaker')}] {answers[0].get('quote', '')[:80]}" if answers else "(refused)"
                want = f"{q['speaker']}|{q['phrase']}" if q["answerable"] else "refusal"
                print(f"  {q['id']} {st:8} {q['question']}  want {want}\n      {got}")
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            json.dump(saved, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    sys.exit(main())
