//! The dev question set about the shipped article, with quality floors.
//!
//! `cargo test --test dev_questions -- --nocapture` prints the figures.

mod common;

use fangtan::answer::Engine;
use fangtan::corpus;
use serde::Deserialize;

#[derive(Deserialize)]
struct DevSet {
    answerable: Vec<Item>,
    unanswerable: Vec<String>,
    /// The same topic asked with filler around it: the first answer must mention it.
    rephrased: Vec<Rephrased>,
}

#[derive(Deserialize)]
struct Rephrased {
    q: String,
    mentions: String,
    /// Who must say it, when the question names a speaker.
    #[serde(default)]
    speaker: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    q: String,
    speaker: String,
    phrase: String,
}

fn dev_set() -> DevSet {
    let path = common::repo().join("tests/fixtures/dev_questions.json");
    let text = std::fs::read_to_string(path).expect("dev set");
    serde_json::from_str(&text).expect("dev set parses")
}

struct Figures {
    at1: usize,
    top3: usize,
    total: usize,
    false_answers: usize,
    unanswerable: usize,
    misses: Vec<String>,
}

impl Figures {
    fn summary(&self) -> String {
        let percent = |n: usize| 100.0 * n as f64 / self.total as f64;
        format!(
            "rank-1 {}/{} ({:.1}%), top-3 {}/{} ({:.1}%), false answers {}/{}",
            self.at1,
            self.total,
            percent(self.at1),
            self.top3,
            self.total,
            percent(self.top3),
            self.false_answers,
            self.unanswerable
        )
    }
}

fn measure(engine: &Engine, set: &DevSet) -> Figures {
    let mut f = Figures {
        at1: 0,
        top3: 0,
        total: set.answerable.len(),
        false_answers: 0,
        unanswerable: set.unanswerable.len(),
        misses: Vec::new(),
    };
    for item in &set.answerable {
        let reply = engine.ask(&item.q, 3).expect("search");
        let rank = reply.answers.iter().position(|a| {
            a.passage.speaker == item.speaker && a.quote_text().contains(&item.phrase)
        });
        match rank {
            Some(0) => {
                f.at1 += 1;
                f.top3 += 1;
            }
            Some(r) => {
                f.top3 += 1;
                f.misses.push(format!("rank {}: {}", r + 1, item.q));
            }
            None => {
                let got: Vec<String> = reply
                    .answers
                    .iter()
                    .map(|a| format!("{}: {}", a.passage.speaker, a.quote_text()))
                    .collect();
                f.misses.push(format!("MISSED {} → {got:#?}", item.q));
            }
        }
    }
    for q in &set.unanswerable {
        let reply = engine.ask(q, 3).expect("search");
        if !reply.answers.is_empty() {
            f.false_answers += 1;
            f.misses.push(format!("FALSE ANSWER {q}"));
        }
    }
    f
}

#[test]
fn dev_set_meets_its_floors() {
    let set = dev_set();
    assert!(set.answerable.len() >= 30 && set.unanswerable.len() >= 8);
    let (engine, _dir) = common::shipped_engine();
    let f = measure(&engine, &set);
    println!("dev set: {}", f.summary());
    for m in &f.misses {
        println!("  {m}");
    }
    let (mut baseline, _dir) = common::shipped_engine();
    baseline.params = fangtan::search::RankParams::plain_bm25();
    baseline.analyzer = std::sync::Arc::new(fangtan::search::Analyzer::plain(
        std::sync::Arc::clone(&engine.analyzer.segmenter),
    ));
    let b = measure(&baseline, &set);
    println!(
        "baseline (plain BM25 over jieba search-mode tokens): {}",
        b.summary()
    );
    assert!(f.at1 * 100 >= f.total * 95, "rank-1 below 95%");
    assert_eq!(f.top3, f.total, "every question answered within the top 3");
    assert_eq!(
        f.false_answers, 0,
        "out-of-corpus questions must get no answer"
    );
}

#[test]
fn rephrased_questions_find_their_topic() {
    let (engine, _dir) = common::shipped_engine();
    let mut failed = Vec::new();
    for item in dev_set().rephrased {
        let reply = engine.ask(&item.q, 3).expect("search");
        let said_by = |a: &fangtan::answer::Answer| {
            item.speaker
                .as_ref()
                .is_none_or(|s| *s == a.passage.speaker)
        };
        match reply.answers.first() {
            Some(a) if a.quote_text().contains(&item.mentions) && said_by(a) => {}
            Some(a) => failed.push(format!("{} → {}", item.q, a.quote_text())),
            None => failed.push(format!("{} → no answer", item.q)),
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn every_quote_is_verbatim_article_text() {
    let (engine, _dir) = common::shipped_engine();
    let corpus = corpus::load_dir(&common::repo().join("index/articles")).expect("corpus");
    for item in dev_set().answerable {
        for answer in engine.ask(&item.q, 3).expect("search").answers {
            let article = corpus
                .articles
                .iter()
                .find(|a| a.path == answer.passage.article.path)
                .expect("article of the answer");
            let core = &answer.passage.text[answer.quote.range.clone()];
            assert_eq!(&article.text[answer.article_range()], core);
            let shown = answer.quote_text();
            assert!(shown.trim_matches('…').contains(core) || shown.contains(core));
        }
    }
}
