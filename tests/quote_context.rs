//! A paragraph that refers back to the one before it (「更麻烦的是回款」) is quoted after that
//! one, still as one verbatim span of the article.

mod common;

use fangtan::admin::{self, Resources};
use fangtan::answer::{Answer, Engine};
use fangtan::corpus;

const ARTICLE: &str = "---
title: 对话青禾储能董事长林川：储能的下半场拼现金流
url: https://example.org/qinghe
source: 测试周刊
date: 2026-03-01
host: 记者
speakers:
  林川: 青禾储能董事长
---

记者：储能行业去年竞争激烈到什么程度？

林川：用一个数字说吧，去年大储项目的中标均价从每瓦时一块一跌到了六毛左右，一年腰斩，很多集成商连电芯钱都不够付。

更麻烦的是回款。很多项目是强制配储，业主建储能只为拿并网指标，天然就想压价、拖款，应收账款周转天数拖到了一百九十多天。

记者：你们接下来怎么应对？

林川：第一，我们把重心转到海外的工商业储能，客户自己掏钱买，更在乎质量和售后，毛利率也高得多。

第二，我们砍掉了一半的国内大储投标，只做回款有保障的项目，宁可规模小一点，也要现金流健康。

![](photo.jpg)

图丨青禾储能的装配车间

所以我们今年的经营性现金流第一次转正了，这比多签几个吉瓦时的订单重要得多。
";

fn engine(dir: &tempfile::TempDir) -> Engine {
    let corpus = dir.path().join("articles");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(corpus.join("qinghe.md"), ARTICLE).expect("write the article");
    let config = common::config(Some(&corpus), &dir.path().join("index"));
    let resources = Resources::load(config).expect("resources");
    admin::build(&resources, &()).expect("index builds").0
}

fn first(engine: &Engine, question: &str) -> Answer {
    let reply = engine.ask(question, 3).expect("search");
    reply.answers.into_iter().next().expect("an answer")
}

fn assert_verbatim(answer: &Answer) {
    let article = &corpus::parse("qinghe.md", ARTICLE)
        .expect("article parses")
        .text;
    let quoted = &answer.passage.text[answer.quote.range.clone()];
    assert_eq!(&article[answer.article_range()], quoted);
}

#[test]
fn a_paragraph_that_refers_back_is_quoted_after_the_one_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let reply = engine.ask("林川说回款有多麻烦", 3).expect("search");
    let answer = reply.answers.first().expect("an answer");
    let quote = answer.quote_text();
    assert!(quote.contains("一年腰斩"), "{quote}");
    assert!(quote.contains("更麻烦的是回款"), "{quote}");
    assert!(
        quote.find("一年腰斩") < quote.find("更麻烦的是回款"),
        "{quote}"
    );
    assert_verbatim(answer);
    // The paragraph it refers back to is not shown a second time on its own.
    let shown = reply
        .answers
        .iter()
        .filter(|a| a.quote_text().contains("一年腰斩"))
        .count();
    assert_eq!(shown, 1, "{:#?}", reply.answers);
}

#[test]
fn the_next_point_of_a_list_and_speech_after_a_photo_stand_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let answer = first(&engine, "林川砍掉了多少国内大储投标");
    let quote = answer.quote_text();
    assert!(quote.starts_with("第二"), "{quote}");
    assert_verbatim(&answer);
    // 所以 refers back, but a photo and its caption lie between: no span of the article
    // holds both without the caption, which is nobody's words.
    let answer = first(&engine, "经营性现金流什么时候转正的");
    let quote = answer.quote_text();
    assert!(quote.starts_with("所以"), "{quote}");
    assert!(!quote.contains("图丨"), "{quote}");
    assert_verbatim(&answer);
}
