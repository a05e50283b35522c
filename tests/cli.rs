//! The `fangtan` binary as users run it: what `ask` prints (snapshots), the JSON contract,
//! `check` and `index`.

mod common;

use std::process::{Command, Output};

fn fangtan(index_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fangtan"))
        .current_dir(common::repo())
        .env("FANGTAN_INDEX_DIR", index_dir)
        .env_remove("FANGTAN_CORPUS_DIR")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("fangtan runs")
}

/// `fangtan` with extra environment variables and, when given, `stdin` piped in.
fn fangtan_with(
    index_dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_fangtan"));
    command
        .current_dir(common::repo())
        .env("FANGTAN_INDEX_DIR", index_dir)
        .env_remove("FANGTAN_CORPUS_DIR")
        .env_remove("FANGTAN_TOP")
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("TELOXIDE_API_URL")
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("fangtan runs");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or_default().as_bytes())
        .expect("stdin written");
    drop(pipe);
    child.wait_with_output().expect("fangtan runs")
}

/// Exit code 2 and stderr, which must be one `error: ` line.
fn usage_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

fn one_error_line(output: &Output) -> String {
    let stderr = usage_error(output);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
    assert!(!stderr.contains("entity not found"), "{stderr}");
    stderr.trim_end().to_string()
}

/// `fangtan ask --json` with `args` after it, parsed.
fn ask_json(index_dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = ["ask", "--json"].iter().chain(args).copied().collect();
    let json = stdout(&fangtan(index_dir, &args));
    serde_json::from_str(&json).expect("JSON reply")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn ask_prints_attributed_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "GRPO", "为什么重要？"]));
    insta::assert_snapshot!("ask_grpo", out);
    let out = stdout(&fangtan(
        dir.path(),
        &["ask", "--top", "1", "吴翼怎么看强化学习？"],
    ));
    assert!(
        out.starts_with("1. 吴翼（清华大学交叉信息院助理教授）"),
        "{out}"
    );
    insta::assert_snapshot!("ask_wu_yi_rl", out);
}

#[test]
fn who_is_a_speaker_gets_their_role_and_articles() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "方汉是谁？"]));
    insta::assert_snapshot!("ask_who_fang_han", out);
    let json = stdout(&fangtan(dir.path(), &["ask", "--json", "Who is Wu Yi?"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["answers"], serde_json::json!([]));
    assert_eq!(value["profiles"][0]["name"], "吴翼");
    assert_eq!(value["profiles"][0]["role"], "清华大学交叉信息院助理教授");
    assert_eq!(value["profiles"][0]["articles"][0]["source"], "极客公园");
    // What to ask them about: the host's questions they answer, in the article's order.
    let questions = value["profiles"][0]["questions"].as_array().unwrap();
    assert!(!questions.is_empty() && questions.len() <= 5, "{value}");
    assert!(
        questions[0]
            .as_str()
            .unwrap()
            .contains("最值得关注的创新点"),
        "{value}"
    );
    // What a speaker said is still answered with quotes.
    let json = stdout(&fangtan(
        dir.path(),
        &["ask", "--json", "方汉怎么看 GRPO？"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value.get("profiles").is_none(), "{value}");
    assert_eq!(value["answers"][0]["speaker"], "方汉");
    // Who hosts, who holds a role, a follow-up naming someone and nothing else.
    for (question, name) in [
        ("主持人是谁？", "张鹏"),
        ("这篇访谈是谁主持的？", "张鹏"),
        ("Who hosted the discussion?", "张鹏"),
        ("秘塔科技 CEO 是谁", "闵可锐"),
        ("昆仑万维的董事长是谁", "方汉"),
        ("清华的那位嘉宾是谁", "吴翼"),
        ("那闵可锐呢？", "闵可锐"),
    ] {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["profiles"][0]["name"], name, "{question}");
        assert_eq!(value["profiles"].as_array().map(Vec::len), Some(1));
    }
    // Who speaks at all: every speaker.
    let out = stdout(&fangtan(dir.path(), &["ask", "有哪些嘉宾？"]));
    insta::assert_snapshot!("ask_who_speaks", out);
}

#[test]
fn a_question_too_long_to_read_whole_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("GRPO 为什么重要？{}", "请详细说说。".repeat(100));
    let out = stdout(&fangtan(dir.path(), &["ask", &long]));
    assert!(
        out.starts_with("（问题超过 500 个字，只读了前 500 个字。）\n1. 方汉"),
        "{out}"
    );
    let json = stdout(&fangtan(dir.path(), &["ask", "--json", &long]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["cut_at"], 500);
    let json = stdout(&fangtan(
        dir.path(),
        &["ask", "--json", "GRPO 为什么重要？"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value.get("cut_at").is_none(), "{value}");
}

#[test]
fn a_pasted_paragraph_is_answered_by_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let background =
        "我最近读了很多关于人工智能的文章，感觉行业变化太快了，投资人也很焦虑。".repeat(20);
    let pasted = format!("{background}所以我想问：谁认为创意其实是幻觉？");
    assert!(pasted.chars().count() > 500);
    let out = stdout(&fangtan(dir.path(), &["ask", &pasted]));
    assert!(
        out.starts_with(
            "（整段问题没有找到答案，以下回答其中一句：「所以我想问：谁认为创意其实是幻觉？」）\n1. 吴翼"
        ),
        "{out}"
    );
    let json = stdout(&fangtan(dir.path(), &["ask", "--json", &pasted]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["answered"], "所以我想问：谁认为创意其实是幻觉？");
    assert!(value.get("cut_at").is_none(), "{value}");
}

#[test]
fn how_long_is_answered_by_a_length_of_time() {
    let dir = tempfile::tempdir().unwrap();
    let first =
        ask_json(dir.path(), &["DeepSeek做出R1这种推理模型花了多长时间"])["answers"][0].clone();
    assert_eq!(first["speaker"], "吴翼", "{first}");
    assert!(
        first["quote"]
            .as_str()
            .is_some_and(|q| q.contains("满打满算也就半年")),
        "{first}"
    );
}

#[test]
fn a_question_with_its_background_is_answered_as_a_whole_when_many_of_its_words_match() {
    let dir = tempfile::tempdir().unwrap();
    let first = |question: &str| ask_json(dir.path(), &[question])["answers"][0].clone();
    let novel = first(
        "我最近在用DeepSeek写小说，感觉比ChatGPT好很多，我朋友说这是因为DeepSeek没怎么做安全\
         限制，不知道是不是真的，这篇访谈里的嘉宾是怎么解释这个现象的？",
    );
    assert_eq!(novel["speaker"], "吴翼", "{novel}");
    assert!(novel["quote"].as_str().unwrap().contains("没有好好做产品"));
    // A long question about something else shares a few words, not many.
    let off_topic = first(
        "我们公司在用大模型做客服，最近发现回答经常出错，用户投诉很多，老板让我找解决方案，\
         不知道访谈里的嘉宾有没有讲过怎么降低客服机器人的错误率？",
    );
    assert!(off_topic.is_null(), "{off_topic}");
}

#[test]
fn ask_says_so_when_the_corpus_has_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "今天北京天气怎么样？"]));
    insta::assert_snapshot!("ask_not_found", out);
    // The refusal names the question's words the article never uses, as typed; a word the
    // article uses only outside its passages (英伟达 in the lead's teasers) is not one.
    for (question, missing) in [
        ("今天北京天气怎么样？", vec!["北京", "天气"]),
        ("怎么做红烧肉？", vec!["红烧肉"]),
        ("英伟达股价因为 DeepSeek 跌了多少", vec!["股价"]),
        ("輝達股價因為 DeepSeek 跌了多少？", vec!["輝達", "股價"]),
        (
            "What's the weather in Beijing today?",
            vec!["weather", "Beijing", "today"],
        ),
    ] {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["answers"], serde_json::json!([]), "{question}");
        assert_eq!(value["query"], question);
        assert_eq!(
            value["unmentioned"],
            serde_json::json!(missing),
            "{question}"
        );
    }
    // What the question names and the article holds is what to ask about instead; without
    // such a name, the usual hint.
    let value = ask_json(dir.path(), &["昆仑万维和秘塔谁的营收更高？"]);
    assert_eq!(
        value["try_instead"],
        serde_json::json!(["昆仑万维", "秘塔"])
    );
    let out = stdout(&fangtan(dir.path(), &["ask", "R1 的营收是多少"]));
    assert!(out.contains("可以只问「R1」，看访谈里怎么说它。"), "{out}");
    assert!(!out.contains("换个说法"), "{out}");
    let value = ask_json(dir.path(), &["怎么做红烧肉？"]);
    assert_eq!(value.get("try_instead"), None, "{value}");
    // Every word is in the article (if only in its teasers): nothing to name.
    let value = ask_json(dir.path(), &["谁最懂英伟达的CUDA"]);
    assert_eq!(value["answers"], serde_json::json!([]), "{value}");
    assert_eq!(value.get("unmentioned"), None, "{value}");
}

#[test]
fn a_word_typed_as_its_homophone_is_read_as_the_corpus_word_and_the_reply_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "幻放有几张卡"]));
    assert!(
        out.starts_with("（原文没有「幻放」，已按「幻方」查找。）\n1. 方汉"),
        "{out}"
    );
    let value = ask_json(dir.path(), &["deepseak为什么文比好"]);
    assert_eq!(
        value["read_as"],
        serde_json::json!([{"typed": "文比", "meant": "文笔"}]),
        "{value}"
    );
    assert_eq!(value["answers"][0]["speaker"], "吴翼", "{value}");
    // A question answered as typed reads nothing as another word.
    let value = ask_json(dir.path(), &["幻方有几张卡"]);
    assert!(value.get("read_as").is_none(), "{value}");
}

#[test]
fn a_named_speaker_who_says_nothing_on_it_is_not_passed_off_as_answering() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "闵可锐怎么看开源"]));
    assert!(
        out.starts_with("（没有找到闵可锐谈这一点的原话，以下是其他人的相关原话。）\n1. "),
        "{out}"
    );
    let json = stdout(&fangtan(dir.path(), &["ask", "--json", "闵可锐怎么看开源"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["unheard"], serde_json::json!(["闵可锐"]));
    assert!(value["answers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["speaker"] != "闵可锐"));
    // A role written beside the name only says which speaker: 清华 is in no passage.
    let json = stdout(&fangtan(
        dir.path(),
        &["ask", "--json", "清华的吴翼怎么看蒸馏"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["answers"][0]["speaker"], "吴翼", "{value}");
    // A role in place of a name names its speaker.
    let json = stdout(&fangtan(
        dir.path(),
        &["ask", "--json", "昆仑万维董事长怎么看 GRPO"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["answers"][0]["speaker"], "方汉", "{value}");
    // So does one role word beside a word that points at a person.
    for (question, speaker) in [
        ("那位教授怎么看思维链", "吴翼"),
        ("昆仑万维老板怎么评价 OpenAI 封号这件事", "方汉"),
    ] {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["answers"][0]["speaker"], speaker,
            "{question}: {value}"
        );
    }
    // Heard: their own passage, or, for the host, the turn a quote answers.
    for question in ["方汉怎么看 GRPO？", "张鹏怎么看 R1 的文笔"] {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(value.get("unheard").is_none(), "{question}: {value}");
    }
    // Heard below the cut: asked for one quote, 吴翼 still speaks on it.
    let value = ask_json(dir.path(), &["--top", "1", "方汉和吴翼怎么看强化学习"]);
    assert!(value.get("unheard").is_none(), "{value}");
    assert_eq!(value["answers"].as_array().map(Vec::len), Some(1));
}

#[test]
fn the_articles_lead_answers_what_no_speaker_says_and_is_labelled_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(
        dir.path(),
        &["ask", "--top", "1", "这场直播是哪天"],
    ));
    insta::assert_snapshot!("ask_lead", out);
    let first = |question: &str| ask_json(dir.path(), &[question])["answers"][0].clone();
    // The programme's name is no speaker's role word, and 节目 finds the lead's 直播间.
    let programme = first("今夜科技谈是什么节目");
    assert_eq!(programme["lead"], true, "{programme}");
    let baidu = first("百度为什么接入 DeepSeek");
    assert_eq!(baidu["lead"], true, "{baidu}");
    assert_eq!(baidu["speaker"], "");
    assert!(baidu["quote"]
        .as_str()
        .unwrap()
        .contains("朋友圈」是百度和微信"));
    // The lead lists the panel: that is no answer about a speaker or their company.
    for question in ["秘塔科技是哪一年成立的", "昆仑万维", "吴翼在清华教什么课"]
    {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let answers = value["answers"].as_array().unwrap();
        assert!(answers.iter().all(|a| a.get("lead").is_none()), "{value}");
    }
    // A speaker's answer comes before the lead, which is only a fallback.
    let grpo = first("GRPO 为什么重要");
    assert_eq!(grpo["speaker"], "方汉", "{grpo}");
    assert!(grpo.get("lead").is_none(), "{grpo}");
}

#[test]
fn a_question_for_a_figure_or_a_date_is_answered_only_where_one_is_stated() {
    let dir = tempfile::tempdir().unwrap();
    let answers = |question: &str| {
        ask_json(dir.path(), &[question])["answers"]
            .as_array()
            .expect("answers")
            .clone()
    };
    // The corpus says that 微信 and 百度 connected R1, never by how much users grew nor on
    // which day; digits in names (R1, V3) state no figure.
    for question in [
        "秘塔 AI 搜索接入 R1 之后用户量涨了多少",
        "微信 AI 搜索是哪天上线的",
        "DeepSeek 训练 V3 一共花了多少钱？",
    ] {
        assert_eq!(
            answers(question),
            Vec::<serde_json::Value>::new(),
            "{question}"
        );
    }
    // Stated in figures, in words (满分, 上百个, 两步) or as a date with spaces.
    for (question, said) in [
        ("这场直播是哪天", "2025 年 2 月 8 日"),
        ("方汉高考作文考了多少分？", "满分"),
        ("OpenAI 做 o1 的时候请了多少个数学博士？", "上百个数学博士"),
        ("R1 的技术报告里，训练过程分了几步？", "分了两步"),
    ] {
        let found = answers(question);
        let quote = found
            .first()
            .and_then(|a| a["quote"].as_str())
            .unwrap_or("");
        assert!(quote.contains(said), "{question}: {found:?}");
    }
}

#[test]
fn the_hosts_own_words_are_quoted_when_a_question_names_the_host() {
    let dir = tempfile::tempdir().unwrap();
    let first = |question: &str| ask_json(dir.path(), &[question])["answers"][0].clone();
    for (question, said) in [
        ("张鹏怎么总结「过度对齐」这个观点的", "反而是过度对齐"),
        ("主持人转述的硅谷华人研究员怎么说", "DeepSeek 较真了"),
        (
            "主持人问吴翼 OpenAI 为什么不公开思维链，是怎么问的",
            "为什么不给大家公开思维链",
        ),
        // Who said it: the host may have, named or not.
        (
            "用 o1 像多了个理性员工，用 R1 像人生导师，这话谁说的",
            "理性的员工",
        ),
    ] {
        let answer = first(question);
        assert_eq!(answer["speaker"], "张鹏", "{question}: {answer}");
        assert_eq!(answer["by_host"], true, "{question}: {answer}");
        assert!(answer["question"].is_null(), "{answer}");
        let quote = answer["quote"].as_str().unwrap();
        assert!(quote.contains(said), "{question}: {quote}");
    }
    // The card says it is the host speaking.
    let out = stdout(&fangtan(
        dir.path(),
        &["ask", "--top", "1", "张鹏怎么总结过度对齐"],
    ));
    assert!(
        out.starts_with("1. 张鹏（极客公园创始人 & 总裁） · 主持\n"),
        "{out}"
    );
    // What the host thinks is not one of his questions: the panel's answer to it comes first,
    // under a note that he said nothing on it himself.
    let value = ask_json(dir.path(), &["张鹏自己觉得 R1 最大的技术创新是什么"]);
    assert_eq!(value["unheard"], serde_json::json!(["张鹏"]), "{value}");
    let answer = value["answers"][0].clone();
    assert!(answer["by_host"].is_null(), "{answer}");
    assert_eq!(
        answer["question"],
        "DeepSeek-R1 里的模型技术，有哪些创新让你们印象比较深刻？"
    );
    // A question that does not name the host gets the panel's answer, not the host's
    // question that restates it.
    let answer = first("R1 是第一家展示思考过程的模型吗？");
    assert_eq!(answer["speaker"], "吴翼", "{answer}");
    assert!(answer.get("by_host").is_none(), "{answer}");
}

#[test]
fn an_ordinal_asked_of_a_speaker_finds_where_they_count_it() {
    let dir = tempfile::tempdir().unwrap();
    for (question, speaker, starts) in [
        ("吴翼说的第二点是什么？", "吴翼", "第二"),
        ("闵可锐说的第三条是什么", "闵可锐", "第三，"),
        ("闵可锐说的第三个原因是什么？", "闵可锐", "第三，"),
    ] {
        let value = ask_json(dir.path(), &[question]);
        let answer = &value["answers"][0];
        assert_eq!(answer["speaker"], speaker, "{question}: {value}");
        let quote = answer["quote"].as_str().unwrap_or("");
        assert!(quote.starts_with(starts), "{question}: {quote}");
    }
    // English about the broadcast finds the lead's date.
    let value = ask_json(dir.path(), &["When was the livestream held?"]);
    assert_eq!(value["answers"][0]["lead"], true, "{value}");
}

#[test]
fn questions_about_the_articles_get_the_article_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "收录了哪些文章？"]));
    insta::assert_snapshot!("ask_sources", out);
    for question in [
        "文章是什么时候发布的",
        "原文链接发我一下",
        "這篇文章是什麼時候發佈的",
        "When was this article published?",
        // The bot writes no summaries: a request for one gets the article and its link.
        "总结一下这篇文章",
        "这篇讲了什么",
    ] {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["answers"], serde_json::json!([]), "{question}");
        assert_eq!(value["articles"][0]["date"], "2025-02-18", "{question}");
        assert_eq!(value["articles"][0]["source"], "极客公园", "{question}");
        assert!(value["articles"][0]["url"]
            .as_str()
            .is_some_and(|url| url.starts_with("https://")));
    }
    // What an article says is still searched.
    let json = stdout(&fangtan(
        dir.path(),
        &["ask", "--json", "文章里怎么说 GRPO"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value.get("articles").is_none(), "{value}");
    assert!(!value["answers"].as_array().unwrap().is_empty());
}

#[test]
fn a_question_for_the_articles_about_something_lists_those_that_speak_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let value = ask_json(dir.path(), &["你们有哪些讲 DeepSeek 的采访文章？"]);
    assert_eq!(value["answers"], serde_json::json!([]), "{value}");
    assert_eq!(value["about"], "DeepSeek", "{value}");
    assert_eq!(value["articles"][0]["source"], "极客公园", "{value}");
    let out = stdout(&fangtan(dir.path(), &["ask", "有没有关于强化学习的文章"]));
    assert!(out.starts_with("讲到「强化学习」的访谈（1 篇）："), "{out}");
    // None speaks of it: said so, and no list.
    let value = ask_json(dir.path(), &["有没有文章提到豆包"]);
    assert!(value.get("articles").is_none(), "{value}");
    assert_eq!(value["about"], "豆包", "{value}");
    let out = stdout(&fangtan(dir.path(), &["ask", "有没有文章提到豆包"]));
    assert_eq!(out, "收录的访谈都没有讲到「豆包」。\n");
}

#[test]
fn ask_json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let json = stdout(&fangtan(
        dir.path(),
        &[
            "ask",
            "--json",
            "--top",
            "2",
            "DeepSeek-R1 用了什么新技术？",
        ],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
    let answers = value["answers"].as_array().expect("answers");
    assert!(!answers.is_empty() && answers.len() <= 2);
    for a in answers {
        let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "article",
                "host_turn",
                "passage_id",
                "question",
                "quote",
                "role",
                "score",
                "section",
                "speaker"
            ]
        );
        let article: Vec<&str> = a["article"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(article, ["date", "path", "source", "title", "url"]);
        assert!(a["score"].is_number());
        let asks = a["question"].as_str().unwrap().contains('？');
        assert_eq!(a["host_turn"], if asks { "question" } else { "remark" });
        assert!(!a["quote"].as_str().unwrap().contains('<'));
        assert_eq!(
            a["article"]["path"],
            "geekpark-2025-02-18-after-deepseek.md"
        );
    }
    // Scores move with every ranking tweak: check their order, snapshot the rest.
    let scores: Vec<f64> = answers
        .iter()
        .map(|a| a["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]) && scores.iter().all(|s| *s > 0.0));
    let mut value = value;
    for a in value["answers"].as_array_mut().unwrap() {
        a["score"] = serde_json::json!("[score]");
    }
    insta::assert_json_snapshot!("ask_json_r1", value);
}

#[test]
fn mixed_script_spellings_find_the_r1_passages() {
    let dir = tempfile::tempdir().unwrap();
    for question in ["deepseek r1", "DeepSeek-R1", "R1", "ＤｅｅｐＳｅｅｋ－Ｒ１"] {
        let json = stdout(&fangtan(dir.path(), &["ask", "--json", question]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let answers = value["answers"].as_array().unwrap();
        assert!(!answers.is_empty(), "{question}: no answer");
        for a in answers {
            assert!(
                a["quote"].as_str().unwrap().contains("R1"),
                "{question}: {a}"
            );
        }
    }
}

#[test]
fn traditional_chinese_finds_simplified_text() {
    let dir = tempfile::tempdir().unwrap();
    let json = stdout(&fangtan(
        dir.path(),
        &["ask", "--json", "為什麼 DeepSeek 的文筆好？"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &value["answers"][0];
    assert!(first["quote"].as_str().unwrap().contains("文笔"), "{value}");
}

#[test]
fn check_reports_speakers_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["check"]));
    insta::assert_snapshot!("check_shipped", out);

    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("good.md"), "---\ntitle: 好\nurl: https://example.org/a\nsource: 测试\ndate: 2025-01-01\n---\n\n**甲：**问题是什么？\n\n**乙：**这是一个足够长的回答，讲了很多很多关于测试语料的事情，确保它能成为一个段落。\n").unwrap();
    std::fs::write(corpus.path().join("broken.md"), "---\ntitle: [\n---\n").unwrap();
    std::fs::write(corpus.path().join("latin1.txt"), b"\xff\xfe bad bytes").unwrap();
    let output = fangtan(dir.path(), &["check", corpus.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("error: broken.md:"), "{out}");
    assert!(
        out.contains("error: latin1.txt:1: not valid UTF-8"),
        "{out}"
    );
    assert!(
        out.contains("good.md: 《好》 2 turns, 2 passages (1 by the host);"),
        "{out}"
    );
    assert!(out.contains("3 files, 1 usable, 2 with errors"), "{out}");
}

#[test]
fn check_lists_passages_with_their_speakers_and_the_writers_narration() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let article = corpus.path().join("forest.md");
    std::fs::write(
        &article,
        "---\ntitle: 守山人\nurl: https://example.org/a\nsource: 测试\ndate: 2025-01-01\n---\n\n\
         **记者：**您巡山多少年了？\n\n**禹望川：**这条路我走了二十六年，鞋一年要磨坏四双，解放鞋最好。\n\n\
         ---\n\n杉岭国有林场经营面积四万三千六百亩，二十四名护林员分守十一个片区。\n\n\
         **记者：**还有呢？\n\n**禹望川：**山上的树都是有数的，少一棵都要说得清，我就记住这句话了。\n",
    )
    .unwrap();
    let out = stdout(&fangtan(
        dir.path(),
        &["check", "--passages", article.to_str().unwrap()],
    ));
    insta::assert_snapshot!("check_passages", out);

    // What only the writer says is quoted as theirs; the terminal names it 作者叙述.
    let corpus_dir = [("FANGTAN_CORPUS_DIR", corpus.path().to_str().unwrap())];
    let asked = ["ask", "--json", "杉岭林场经营面积有多大"];
    let json = stdout(&fangtan_with(dir.path(), &asked, &corpus_dir, None));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &value["answers"][0];
    assert_eq!(first["narration"], true, "{value}");
    assert_eq!(first["speaker"], "", "{value}");
    assert!(first["quote"].as_str().unwrap().contains("四万三千六百亩"));
    let asked = ["ask", "杉岭林场经营面积有多大"];
    let text = stdout(&fangtan_with(dir.path(), &asked, &corpus_dir, None));
    assert!(text.starts_with("1. 作者叙述\n"), "{text}");
}

#[test]
fn index_rebuilds_and_summarizes_and_ask_reuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["index"]));
    assert!(out.starts_with("indexed 1 article, 52 passages"), "{out}");
    let current = std::fs::read_to_string(dir.path().join("CURRENT")).unwrap();
    // An unchanged corpus is not rebuilt: `ask` opens the same version.
    let ask = fangtan(dir.path(), &["ask", "GRPO"]);
    assert!(ask.status.success());
    assert!(!String::from_utf8_lossy(&ask.stderr).contains("indexed"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("CURRENT")).unwrap(),
        current
    );
}

/// The re-rank's fitting loop as docs/quality.md runs it: `eval --examples` writes every
/// question's candidates with their features, `learn-rank` fits and reports on them.
#[test]
fn eval_examples_feed_learn_rank() {
    let dir = tempfile::tempdir().unwrap();
    let slice = common::repo().join("tests/fixtures/cmrc2018-slice");
    let file = |name: &str| slice.join(name).display().to_string();
    let examples = dir.path().join("examples.jsonl");
    let (corpus, queries, qrels) = (
        file("corpus.jsonl"),
        file("queries.jsonl"),
        file("qrels.tsv"),
    );
    let examples_arg = examples.display().to_string();
    let args = [
        "eval",
        "--corpus",
        &corpus,
        "--queries",
        &queries,
        "--qrels",
        &qrels,
        "--examples",
        &examples_arg,
    ];
    stdout(&fangtan(dir.path(), &args));
    let written = std::fs::read_to_string(&examples).unwrap();
    let lines: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 300, "one line per judged question");
    let mut retrieved = 0;
    for line in &lines {
        let candidates = line["candidates"].as_array().unwrap().len();
        assert!(candidates <= 40, "{line}");
        assert_eq!(line["relevant"].as_array().unwrap().len(), candidates);
        let features = line["features"].as_array().unwrap();
        assert_eq!(features.len(), candidates);
        if let Some(first) = features.first() {
            assert_eq!(
                first.as_array().unwrap().len(),
                fangtan::rank::FEATURE_COUNT
            );
            retrieved += 1;
        }
    }
    assert!(
        retrieved >= 290,
        "{retrieved} of 300 questions retrieved anything"
    );

    let out = stdout(&fangtan(
        dir.path(),
        &["learn-rank", "--train", &examples_arg],
    ));
    assert!(out.contains("sentence_trigrams"), "{out}");
    // start, shipped and learned right-first rates on the slice (R@1 0.977 shipped).
    let rates: Vec<f64> = out
        .lines()
        .find(|l| l.starts_with("train"))
        .expect("a train line")
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|r| r.parse().unwrap())
        .collect();
    assert_eq!(rates.len(), 3, "{out}");
    assert!(rates.iter().all(|&r| r > 0.9), "{out}");
}

#[test]
fn an_out_of_range_environment_value_is_blamed_on_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["FANGTAN_TOP", "FANGTAN_MAX_QUOTE_CHARS"] {
        let output = fangtan_with(dir.path(), &["ask", "GRPO"], &[(name, "0")], None);
        let stderr = one_error_line(&output);
        assert!(
            stderr.starts_with(&format!(
                "error: environment variable {name}: `0` is out of range"
            )),
            "{stderr}"
        );
        assert!(!stderr.contains("fangtan.toml"), "{stderr}");
    }
}

#[test]
fn top_out_of_range_is_a_usage_error_stating_the_range() {
    let dir = tempfile::tempdir().unwrap();
    for top in ["0", "11", "100"] {
        let output = fangtan_with(dir.path(), &["ask", "--top", top, "GRPO"], &[], None);
        let stderr = usage_error(&output);
        assert!(stderr.contains("between 1 and 10"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    let help = stdout(&fangtan(dir.path(), &["ask", "--help"]));
    assert!(help.contains("1–10"), "{help}");
}

#[test]
fn missing_paths_are_shown_as_given_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let missing = "/nonexistent-fangtan";
    // (arguments, environment, the path the message names)
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (vec!["check", missing], vec![], missing),
        (
            vec!["ask", "GRPO"],
            vec![("FANGTAN_CORPUS_DIR", missing)],
            missing,
        ),
        (
            vec!["check"],
            vec![("FANGTAN_CORPUS_DIR", missing)],
            missing,
        ),
        (
            vec!["--config", "/nonexistent-fangtan.toml", "ask", "GRPO"],
            vec![],
            "/nonexistent-fangtan.toml",
        ),
    ];
    for (args, env, path) in cases {
        let output = fangtan_with(dir.path(), &args, &env, None);
        let stderr = one_error_line(&output);
        assert_eq!(
            stderr,
            format!("error: {path}: cannot read: no such file or folder"),
            "{args:?}"
        );
    }
}

#[test]
fn a_missing_eval_or_learn_rank_input_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("x.jsonl").display().to_string();
    let slice = common::repo().join("tests/fixtures/cmrc2018-slice");
    let queries = slice.join("queries.jsonl").display().to_string();
    let qrels = slice.join("qrels.tsv").display().to_string();
    let eval = [
        "eval",
        "--corpus",
        &missing,
        "--queries",
        &queries,
        "--qrels",
        &qrels,
    ];
    let learn = ["learn-rank", "--train", &missing];
    for args in [&eval[..], &learn[..]] {
        let stderr = one_error_line(&fangtan_with(dir.path(), args, &[], None));
        assert_eq!(
            stderr,
            format!("error: {missing}: no such file or folder"),
            "{args:?}"
        );
    }
}

#[test]
fn an_unusable_corpus_lists_why_each_file_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("broken.md"), "---\ntitle: [\n---\n").unwrap();
    std::fs::write(corpus.path().join("latin1.txt"), b"ok\n\xff\xfe bad bytes").unwrap();
    std::fs::write(corpus.path().join("empty.md"), "只是一段话。\n").unwrap();
    let corpus_dir = corpus.path().display().to_string();
    let output = fangtan_with(
        dir.path(),
        &["index"],
        &[("FANGTAN_CORPUS_DIR", &corpus_dir)],
        None,
    );
    let stderr = usage_error(&output);
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!("error: the corpus folder {corpus_dir} has no usable article; 3 files skipped:")
    );
    assert!(stderr.contains("\nskipped: broken.md:"), "{stderr}");
    assert!(stderr.contains("\nskipped: latin1.txt:"), "{stderr}");
    assert!(
        stderr.contains("\nskipped: empty.md: no passages found"),
        "{stderr}"
    );
}

#[test]
fn check_reports_yaml_problems_at_file_lines() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join("badyaml.md");
    std::fs::write(
        &file,
        "---\ntitle: t\nurl: https://example.org\nsource: s\ndate: [2025-02-18\nhost: 甲\n---\n\n**甲：**问？\n",
    )
    .unwrap();
    let output = fangtan(dir.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("error: badyaml.md:6: front matter: "),
        "{out}"
    );
    // The flow sequence opens on the file's line 5; no YAML-block line numbers are left.
    assert!(first.contains("at line 5 column 7"), "{out}");
    assert!(
        !first.contains("line 4") && !first.contains("line 6"),
        "{out}"
    );
    assert!(out.contains("0 usable, 1 with errors"), "{out}");
}

#[test]
fn serve_checks_the_token_before_touching_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&[], "error: TELOXIDE_TOKEN is not set"),
        (
            &[("TELOXIDE_TOKEN", " ")],
            "error: TELOXIDE_TOKEN is not set",
        ),
        (
            &[("TELOXIDE_TOKEN", "not-a-token-SECRETPART")],
            "error: TELOXIDE_TOKEN does not look like a bot token",
        ),
    ];
    for (env, expected) in cases {
        let started = std::time::Instant::now();
        let output = fangtan_with(dir.path(), &["serve"], env, None);
        let stderr = one_error_line(&output);
        assert!(stderr.starts_with(expected), "{stderr}");
        assert!(!stderr.contains("SECRETPART"), "{stderr}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no index was built"
        );
    }
}

#[test]
fn serve_says_in_one_plain_line_that_the_api_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 1.
    let token = "123456:SECRET-token-part";
    let output = fangtan_with(
        dir.path(),
        &["serve"],
        &[
            ("TELOXIDE_TOKEN", token),
            ("TELOXIDE_API_URL", "http://127.0.0.1:1/"),
        ],
        None,
    );
    let stderr = usage_error(&output);
    assert!(
        !stderr.contains('\u{1b}'),
        "ANSI codes in a log that is not a terminal: {stderr}"
    );
    assert!(!stderr.contains("SECRET"), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(
        errors,
        ["error: cannot reach the Telegram Bot API (cannot connect); check the network, or TELOXIDE_API_URL"],
        "{stderr}"
    );
    assert!(stderr.contains("loaded 1 article"), "{stderr}");
}

#[test]
fn chat_answers_help_and_unknown_commands_without_searching() {
    let dir = tempfile::tempdir().unwrap();
    let output = fangtan_with(
        dir.path(),
        &["chat"],
        &[],
        Some(":help\n:foo\n/start\n/help\n:q\nnot asked\n"),
    );
    let out = stdout(&output);
    insta::assert_snapshot!("chat_commands", out);
    assert!(!out.contains("没有在收录的访谈中找到"), "{out}");
}

#[test]
fn chat_reads_a_follow_ups_pronoun_as_the_person_just_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let output = fangtan_with(
        dir.path(),
        &["chat"],
        &[],
        Some("吴翼怎么看强化学习？\n他怎么看蒸馏？\nGRPO 为什么重要？\n她是谁\n:q\n"),
    );
    let out = stdout(&output);
    let second = out
        .split("（「他」指上文的吴翼。）")
        .nth(1)
        .unwrap_or_else(|| panic!("no note for 他: {out}"));
    assert!(second.trim_start().starts_with("1. 吴翼"), "{second}");
    // The first quote of 「GRPO 为什么重要？」 is 方汉's, so 她 means him.
    let last = out
        .split("（「她」指上文的方汉。）")
        .nth(1)
        .unwrap_or_else(|| panic!("no note for 她: {out}"));
    assert!(
        last.trim_start()
            .starts_with("方汉（昆仑万维董事长兼 CEO）"),
        "{last}"
    );
    // One-shot `ask` has no conversation: the pronoun is a word like any other.
    let output = fangtan_with(dir.path(), &["ask", "--json", "他是谁"], &[], None);
    assert!(!stdout(&output).contains("referent"), "{}", stdout(&output));
}

#[test]
fn other_speakers_quotes_are_marked_and_thanks_get_a_word_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan_with(
        dir.path(),
        &["ask", "方汉怎么看思维链？"],
        &[],
        None,
    ));
    let first = out.find("1. 方汉").unwrap_or_else(|| panic!("{out}"));
    let heading = out
        .find("其他人的相关原话：\n2. ")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(first < heading, "{out}");
    // Nobody named: no heading.
    let out = stdout(&fangtan_with(
        dir.path(),
        &["ask", "GRPO 为什么重要？"],
        &[],
        None,
    ));
    assert!(!out.contains("其他人的"), "{out}");
    // Nor when the lead comes first: the speaker after it is no one else.
    let out = stdout(&fangtan_with(
        dir.path(),
        &["ask", "百度放着什么不管也要接入 R1"],
        &[],
        None,
    ));
    assert!(out.starts_with("1. 导语"), "{out}");
    assert!(out.contains("\n2. ") && !out.contains("其他人的"), "{out}");
    for thanks in ["谢谢！", "好的", "thanks"] {
        let out = stdout(&fangtan_with(dir.path(), &["ask", thanks], &[], None));
        assert_eq!(out, "不客气！还想了解什么，直接问就行。\n", "{thanks}");
    }
}

#[test]
fn paragraphs_of_one_answer_follow_the_best_in_the_order_they_were_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan_with(
        dir.path(),
        &["ask", "--json", "秘塔"],
        &[],
        None,
    ));
    let reply: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cards: Vec<(String, u64)> = reply["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let id = a["passage_id"].as_str().unwrap();
            let n = id.rsplit('#').next().unwrap().parse().unwrap();
            (a["speaker"].as_str().unwrap().to_string(), n)
        })
        .collect();
    // All three from 闵可锐's one answer: the best first, then the others in order.
    assert_eq!(cards.len(), 3, "{out}");
    assert!(cards.iter().all(|(s, _)| s == "闵可锐"), "{cards:?}");
    assert!(cards[1].1 < cards[2].1, "{cards:?}");
}

#[test]
fn a_request_for_a_summary_is_told_there_is_none_above_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&fangtan(dir.path(), &["ask", "总结一下这篇文章"]));
    assert!(out.starts_with("我不写摘要，只引用访谈原话"), "{out}");
    assert!(out.contains("《「人均 DeepSeek」之后"), "{out}");
    let out = stdout(&fangtan(dir.path(), &["ask", "收录了哪些文章"]));
    assert!(out.starts_with("收录的访谈（1 篇"), "{out}");
}

#[test]
fn articles_in_other_label_formats_are_attributed_to_people() {
    let dir = tempfile::tempdir().unwrap();
    let folder = "tests/fixtures/formats/articles";
    let out = stdout(&fangtan(dir.path(), &["check", folder]));
    insta::assert_snapshot!("check_formats", out);

    let corpus = common::repo().join(folder).display().to_string();
    let ask = |question: &str| -> serde_json::Value {
        let output = fangtan_with(
            dir.path(),
            &["ask", "--json", "--top", "1", question],
            &[("FANGTAN_CORPUS_DIR", &corpus)],
            None,
        );
        serde_json::from_str(&stdout(&output)).expect("JSON reply")
    };
    // 问：/答： — the title names who answers, and 请问 names no speaker 「问」.
    let reply = ask("请问国产芯片最缺什么");
    assert_eq!(reply["answers"][0]["speaker"], "张华", "{reply}");
    assert!(reply.get("unheard").is_none(), "{reply}");
    // Q：/A： — the front matter does.
    let reply = ask("李明怎么看融资");
    assert_eq!(reply["answers"][0]["speaker"], "李明", "{reply}");
    assert_eq!(reply["answers"][0]["role"], "远行机器人创始人", "{reply}");
    // A role in brackets after the name.
    let reply = ask("陈思是谁");
    assert_eq!(reply["profiles"][0]["role"], "星河机器人创始人", "{reply}");
    // A guest named once, alone on a line, is not run into the previous speaker's turn.
    let reply = ask("吴桐怎么看开源");
    assert_eq!(reply["answers"][0]["speaker"], "吴桐", "{reply}");
    let quote = reply["answers"][0]["quote"].as_str().unwrap();
    assert!(quote.contains("招到最好的工程师"), "{reply}");
    // Speech that goes on below a photo and its caption is still the speaker's.
    let reply = ask("乔安怎么看咖啡豆的价格");
    assert_eq!(reply["answers"][0]["speaker"], "乔安", "{reply}");
    let quote = reply["answers"][0]["quote"].as_str().unwrap();
    assert!(quote.contains("便宜三成"), "{reply}");
    assert!(!quote.contains("图丨"), "{reply}");
    // Someone named who never speaks of it is not answered for by a stranger in another
    // article: the reply says so and quotes no one.
    let reply = ask("张华怎么看咖啡豆的价格");
    assert_eq!(reply["unheard"][0], "张华", "{reply}");
    assert_eq!(
        reply["answers"].as_array().map(Vec::len),
        Some(0),
        "{reply}"
    );
    // Bold questions without labels: the paragraphs below are the title's interviewee's,
    // and the question they answer is the bold one.
    let reply = ask("何秀云是怎么开始学苗绣的");
    assert_eq!(reply["answers"][0]["speaker"], "何秀云", "{reply}");
    assert_eq!(
        reply["answers"][0]["question"], "你是怎么开始学苗绣的？",
        "{reply}"
    );
    // Only the questions labelled (`**晚点：……？**`): the paragraphs below are the
    // declared interviewee's answer to it.
    let reply = ask("顾明远为什么卖海外权益");
    assert_eq!(reply["answers"][0]["speaker"], "顾明远", "{reply}");
    assert!(
        reply["answers"][0]["question"]
            .as_str()
            .is_some_and(|q| q.starts_with("交易公布后")),
        "{reply}"
    );
    // A WeChat export's HTML: the answer in <strong>答：</strong> is the guest's; the
    // reporter's notes after the interview are the writer's, shown under their heading.
    let reply = ask("浪花课堂一期课上几天");
    assert_eq!(reply["answers"][0]["speaker"], "邝潮生", "{reply}");
    let reply = ask("浪花课堂一共教会了多少个孩子游泳");
    assert_eq!(reply["answers"][0]["lead"], true, "{reply}");
    let text = stdout(&fangtan_with(
        dir.path(),
        &["ask", "--top", "1", "浪花课堂一共教会了多少个孩子游泳"],
        &[("FANGTAN_CORPUS_DIR", &corpus)],
        None,
    ));
    // The heading stands where the speaker would, and is not named again beside the article.
    assert!(text.starts_with("1. 记者手记\n"), "{text}");
    assert!(!text.contains("· 记者手记"), "{text}");
    // An article pointed at by its outlet: only that article answers.
    let reply = ask("雪球那篇里，S3返修率多少");
    assert_eq!(reply["answers"][0]["speaker"], "谷承岳", "{reply}");
    let reply = ask("潇湘晨报那篇里，S3返修率多少");
    assert_eq!(reply["answers"], serde_json::json!([]), "{reply}");
    // An English title asks for the role the article gives in Chinese (CFO → 财务总监).
    let reply = ask("聆岸听力 CFO 是谁");
    assert_eq!(reply["profiles"][0]["name"], "裘念", "{reply}");
    // Minutes written as a list: each item is its speaker's turn, a viewer's question too.
    let reply = ask("聆岸S3的返修率是多少");
    assert_eq!(reply["answers"][0]["speaker"], "谷承岳", "{reply}");
    assert!(
        reply["answers"][0]["question"]
            .as_str()
            .is_some_and(|q| q.contains("返修率有10%")),
        "{reply}"
    );
    // Asked which one of a thing the article only counts (「一家欧洲药企」): nothing answers,
    // and the reply says where it is mentioned unnamed.
    let reply = ask("授权的那家欧洲药企叫什么名字");
    assert_eq!(reply["answers"], serde_json::json!([]), "{reply}");
    assert_eq!(reply["unnamed"]["mention"], "一家欧洲药企", "{reply}");
    assert!(reply["unnamed"]["speaker"].is_null(), "{reply}");
    assert_eq!(reply["unnamed"]["which"], "哪一家", "{reply}");
    let output = fangtan_with(
        dir.path(),
        &["ask", "启衡把海外权益授权给了哪家药企"],
        &[("FANGTAN_CORPUS_DIR", &corpus)],
        None,
    );
    let out = stdout(&output);
    assert!(
        out.ends_with("的导语只说到「一家欧洲药企」，没有说是哪一家。\n"),
        "{out}"
    );
    // The lead is the first answer, and its quote holds `phrase`.
    let lead_says = |question: &str, phrase: &str| -> serde_json::Value {
        let reply = ask(question);
        assert_eq!(reply["answers"][0]["lead"], true, "{reply}");
        let quote = reply["answers"][0]["quote"].as_str().unwrap_or_default();
        assert!(quote.contains(phrase), "{reply}");
        reply
    };
    // A product the guest's role names (「青刃」负责人), said in the lead away from where it
    // introduces them, is what the lead is about: the lead answers.
    lead_says("青刃去年出货多少台", "8.6 万台");
    // A figure of the company the guest's role names is the lead's to give, although the
    // company's name reads as asking its founder; and the reply does not say the founder was
    // not heard.
    let reply = lead_says("青界智能去年营收多少", "9.3 亿元");
    assert!(reply.get("unheard").is_none(), "{reply}");
    // The founder's own figure (next year's 出货量) does not outrank the lead's, which states
    // last year's.
    lead_says("青界智能去年出货多少台", "8.6 万台");
    // So does a figure the question gives to check.
    lead_says("青界智能去年出货8.6万台？", "8.6 万台");
    // A date or a figure asked of a named guest may be the lead's, when its sentence naming
    // them holds the question's words (出生 finds 生于) …
    lead_says("郜明川是哪年出生的", "1976 年生于");
    // … and asked by surname and post (郜主任), it outranks the guest's own 「十年前」.
    lead_says("郜主任在急诊干了多少年了", "二十二年");
    // The year of a birth is no age.
    let reply = ask("郜明川今年多大了");
    assert_eq!(reply["answers"], serde_json::json!([]), "{reply}");
    // A group chat: a member nobody declared asks, and the answer is under their question.
    let reply = ask("修理角最常修的是什么");
    assert_eq!(reply["answers"][0]["speaker"], "柏晓岚", "{reply}");
    assert_eq!(
        reply["answers"][0]["question"], "最常修的是什么东西？",
        "{reply}"
    );
    // The age asked of one guest is not another's own (「我叫柏松，今年七十一岁」).
    let reply = ask("柏晓岚今年多大");
    assert_eq!(reply["answers"], serde_json::json!([]), "{reply}");
    let reply = ask("柏松今年多大");
    assert_eq!(reply["answers"][0]["speaker"], "柏松", "{reply}");
    // A company's figure asked by name (营收, another article's word) is not answered by a
    // guest's other figure of the same year (「一年接诊二十万人次」) …
    let reply = ask("急诊科一年营收多少");
    assert_eq!(reply["answers"], serde_json::json!([]), "{reply}");
    // … which still answers what it counts.
    let reply = ask("郜明川的急诊科一年接诊多少人");
    assert!(
        reply["answers"][0]["quote"]
            .as_str()
            .is_some_and(|q| q.contains("二十万人次")),
        "{reply}"
    );
    // A speech the lead says is transcribed (「整理演讲全文」) is the declared speaker's.
    let reply = ask("拾光严选的退货率是多少");
    assert_eq!(reply["answers"][0]["speaker"], "唐少卿", "{reply}");
    // 主持人 in three articles is three people: no article's role is shown for all.
    let reply = ask("有哪些嘉宾");
    let profiles = reply["profiles"].as_array().unwrap();
    let host = profiles.iter().find(|p| p["name"] == "主持人").unwrap();
    assert_eq!(host["articles"].as_array().unwrap().len(), 3, "{reply}");
    assert!(host["role"].is_null(), "{reply}");
}
