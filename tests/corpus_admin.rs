//! Adding and removing articles through the library (what the bot does when an admin sends a
//! file or `/remove`s one): checked before anything is written, live after one reload, and the
//! folder put back as it was when the reload fails.

mod common;

use std::fs;
use std::path::Path;

use fangtan::admin::{self, AdminError, ArticleFileError, Library, Resources, Saved, PREVIOUS_DIR};
use fangtan::corpus::CorpusError;

const SHIPPED: &str = "geekpark-2025-02-18-after-deepseek.md";
const QUESTION: &str = "量子纠错什么时候能实用？";

fn library(corpus: &Path, index: &Path) -> Library {
    let resources = Resources::load(common::config(Some(corpus), index)).expect("resources");
    let (engine, _) = admin::build(&resources, &()).expect("index builds");
    Library::new(resources, engine)
}

/// The speaker of the first answer, if any.
fn first_speaker(library: &Library, question: &str) -> Option<String> {
    let reply = library.engine().ask(question, 3).expect("search runs");
    reply.answers.first().map(|a| a.passage.speaker.clone())
}

/// The visible files of the corpus folder's top level, and the files in its `.previous` folder.
fn listing(corpus: &Path) -> (Vec<String>, Vec<String>) {
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    let top = names(corpus)
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    (top, names(&corpus.join(PREVIOUS_DIR)))
}

#[test]
fn an_article_sent_by_an_admin_is_saved_and_answers_after_one_reload() {
    let corpus = common::corpus_copy();
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    assert_eq!(first_speaker(&library, QUESTION), None);

    let report = library
        .add_article("quantum.md", common::QUANTUM_ARTICLE.as_bytes())
        .expect("added");
    assert_eq!(report.saved, Saved::Added);
    assert_eq!(report.title, "量子计算访谈");
    assert_eq!(report.speakers, ["李明", "王芳"]);
    let reload = report.reload.expect("reloaded");
    assert_eq!(reload.changes.added, ["quantum.md"]);
    assert_eq!(reload.build.manifest.articles.len(), 2);
    assert_eq!(
        fs::read_to_string(corpus.path().join("quantum.md")).unwrap(),
        common::QUANTUM_ARTICLE
    );
    assert_eq!(first_speaker(&library, QUESTION).as_deref(), Some("李明"));

    // The same file again changes nothing and needs no reload.
    let report = library
        .add_article("quantum.md", common::QUANTUM_ARTICLE.as_bytes())
        .expect("accepted");
    assert_eq!(report.saved, Saved::Unchanged);
    assert!(report.reload.is_none());

    // A new version replaces it; the old one is kept aside, never indexed.
    let revised = common::QUANTUM_ARTICLE.replace("五到十年", "三到五年");
    let report = library
        .add_article("quantum.md", revised.as_bytes())
        .expect("replaced");
    assert_eq!(report.saved, Saved::Replaced);
    assert_eq!(
        report.reload.expect("reloaded").changes.changed,
        ["quantum.md"]
    );
    let (top, previous) = listing(corpus.path());
    assert_eq!(top, [SHIPPED, "quantum.md"]);
    assert_eq!(previous.len(), 1, "{previous:?}");
    assert!(previous[0].ends_with("-quantum.md"), "{previous:?}");
    let kept = corpus.path().join(PREVIOUS_DIR).join(&previous[0]);
    assert_eq!(fs::read_to_string(kept).unwrap(), common::QUANTUM_ARTICLE);
    let reply = library.engine().ask(QUESTION, 1).unwrap();
    let quoted = &reply.answers[0].passage.text;
    assert!(quoted.contains("三到五年"), "{quoted}");
    assert_eq!(library.engine().manifest.articles.len(), 2);
}

#[test]
fn an_unusable_file_is_refused_and_nothing_is_written() {
    let corpus = common::corpus_copy();
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    let before = listing(corpus.path());

    let bad_yaml = library.add_article("broken.md", b"---\ntitle: [oops\n---\n\nbody\n");
    match bad_yaml {
        Err(ArticleFileError::Unusable(CorpusError::FrontMatter { file, line, .. })) => {
            assert_eq!((file.as_str(), line), ("broken.md", 3));
        }
        other => panic!("{other:?}"),
    }
    let mut latin1 = b"---\ntitle: x\n---\n\n**A\xef\xbc\x9a**ok\n**B\xef\xbc\x9a**".to_vec();
    latin1.extend_from_slice(b"caf\xe9\n");
    match library.add_article("latin1.md", &latin1) {
        Err(ArticleFileError::Unusable(CorpusError::InvalidUtf8 { line, .. })) => {
            assert_eq!(line, 6);
        }
        other => panic!("{other:?}"),
    }
    let no_turns = library.add_article("notes.md", "只是一段笔记，没有发言人。".as_bytes());
    assert!(
        matches!(
            no_turns,
            Err(ArticleFileError::Unusable(CorpusError::NoPassages { .. }))
        ),
        "{no_turns:?}"
    );
    for name in [
        "slides.pdf",
        ".hidden.md",
        "../escape.md",
        "sub/dir.md",
        ".md",
        "  ",
    ] {
        let refused = library.add_article(name, common::QUANTUM_ARTICLE.as_bytes());
        assert!(
            matches!(refused, Err(ArticleFileError::BadName(_))),
            "{name}: {refused:?}"
        );
    }
    assert_eq!(listing(corpus.path()), before);
    assert_eq!(library.engine().manifest.articles.len(), 1);
}

#[test]
fn a_failed_reload_puts_the_folder_back_and_the_live_index_stays() {
    let corpus = common::corpus_copy();
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    library
        .add_article("quantum.md", common::QUANTUM_ARTICLE.as_bytes())
        .expect("added");
    let before = listing(corpus.path());

    // The index folder becomes a file: every build fails from now on.
    fs::remove_dir_all(index.path()).unwrap();
    fs::write(index.path(), "not a folder").unwrap();
    let added = library.add_article("second.md", common::QUANTUM_ARTICLE.as_bytes());
    assert!(
        matches!(added, Err(ArticleFileError::Reload(AdminError::Io { .. }))),
        "{added:?}"
    );
    let revised = common::QUANTUM_ARTICLE.replace("五到十年", "三到五年");
    let replaced = library.add_article("quantum.md", revised.as_bytes());
    assert!(replaced.is_err(), "{replaced:?}");
    let removed = library.remove_article("quantum.md");
    assert!(removed.is_err(), "{removed:?}");

    assert_eq!(listing(corpus.path()), before);
    assert_eq!(
        fs::read_to_string(corpus.path().join("quantum.md")).unwrap(),
        common::QUANTUM_ARTICLE
    );
    assert_eq!(first_speaker(&library, QUESTION).as_deref(), Some("李明"));
    fs::remove_file(index.path()).unwrap();
}

#[test]
fn a_removed_article_is_kept_aside_and_no_longer_answers() {
    let corpus = common::corpus_copy();
    common::add_article(corpus.path());
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    assert_eq!(first_speaker(&library, QUESTION).as_deref(), Some("李明"));

    let unknown = library.remove_article("nothing.md");
    assert!(
        matches!(unknown, Err(ArticleFileError::NotInCorpus(_))),
        "{unknown:?}"
    );
    let report = library.remove_article("quantum.md").expect("removed");
    assert_eq!(report.reload.changes.removed, ["quantum.md"]);
    assert!(
        report.kept_as.starts_with(".previous/"),
        "{}",
        report.kept_as
    );
    assert_eq!(
        fs::read_to_string(corpus.path().join(&report.kept_as)).unwrap(),
        common::QUANTUM_ARTICLE
    );
    assert!(!corpus.path().join("quantum.md").exists());
    assert_eq!(first_speaker(&library, QUESTION), None);

    // The last article cannot go: the reload would have nothing to serve.
    let last = library.remove_article(SHIPPED);
    assert!(
        matches!(
            last,
            Err(ArticleFileError::Reload(AdminError::EmptyCorpus { .. }))
        ),
        "{last:?}"
    );
    assert!(corpus.path().join(SHIPPED).exists());
    assert_eq!(library.engine().manifest.articles.len(), 1);
}

#[test]
fn a_file_of_the_same_name_elsewhere_is_replaced_where_it_is() {
    let corpus = common::corpus_copy();
    fs::create_dir(corpus.path().join("2026")).unwrap();
    fs::write(
        corpus.path().join("2026/quantum.md"),
        common::QUANTUM_ARTICLE,
    )
    .unwrap();
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    let revised = common::QUANTUM_ARTICLE.replace("五到十年", "三到五年");
    let report = library
        .add_article("Quantum.md", revised.as_bytes())
        .expect("replaced");
    assert_eq!(report.file, "2026/quantum.md");
    assert_eq!(report.saved, Saved::Replaced);
    let kept = report.kept_as.expect("kept");
    assert!(
        kept.starts_with(".previous/") && kept.ends_with("-2026-quantum.md"),
        "{kept}"
    );
    assert_eq!(
        fs::read_to_string(corpus.path().join(&kept)).unwrap(),
        common::QUANTUM_ARTICLE
    );
    assert_eq!(listing(corpus.path()).0, ["2026", SHIPPED]);
    assert_eq!(library.engine().manifest.articles.len(), 2);
}

#[test]
fn a_file_already_there_but_not_indexed_is_only_reloaded() {
    let corpus = common::corpus_copy();
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    // Put there by hand, without a reload.
    common::add_article(corpus.path());
    let report = library
        .add_article("quantum.md", common::QUANTUM_ARTICLE.as_bytes())
        .expect("reloaded");
    assert_eq!(report.saved, Saved::AlreadyThere);
    assert_eq!(
        report.reload.expect("reloaded").changes.added,
        ["quantum.md"]
    );
    assert_eq!(listing(corpus.path()).1, Vec::<String>::new());
}

#[test]
fn what_is_no_plain_file_is_left_alone_and_a_failed_write_changes_nothing() {
    let corpus = common::corpus_copy();
    let index = tempfile::tempdir().unwrap();
    let library = library(corpus.path(), index.path());
    // A dangling symlink by the article's name: not read, not replaced.
    std::os::unix::fs::symlink("/nonexistent/quantum.md", corpus.path().join("quantum.md"))
        .unwrap();
    let refused = library.add_article("quantum.md", common::QUANTUM_ARTICLE.as_bytes());
    assert!(
        matches!(refused, Err(ArticleFileError::NotPlainFile(ref f)) if f == "quantum.md"),
        "{refused:?}"
    );
    assert!(fs::symlink_metadata(corpus.path().join("quantum.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    // The temporary file cannot be created (a folder holds its name): nothing is written.
    let blocker = corpus
        .path()
        .join(format!(".upload-{}-new.md", std::process::id()));
    fs::create_dir(&blocker).unwrap();
    let failed = library.add_article("new.md", common::QUANTUM_ARTICLE.as_bytes());
    assert!(
        matches!(failed, Err(ArticleFileError::Write(_))),
        "{failed:?}"
    );
    assert!(!corpus.path().join("new.md").exists());
    assert_eq!(library.engine().manifest.articles.len(), 1);
}
