//! Bad input: exit 1, every problem named with file:line:col and a fix, and the previous output untouched.
//! The exact text users read is snapshotted.

use crate::harness::SiteTest;

/// Builds the basic site, breaks it with `breakage`, builds again through the binary, and checks that the
/// build failed without touching the previous output. Returns what the build printed.
fn fails_cleanly(breakage: impl FnOnce(&SiteTest)) -> String {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let before = site.output_tree();
    breakage(&site);
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "the build should fail:\n{}", run.stderr);
    assert!(
        site.output_tree() == before,
        "the previous output was changed"
    );
    assert!(
        !site.root.join(".public.portico-staging").exists(),
        "a failed build starts no staging tree: it stops before writing anything"
    );
    assert!(
        run.stderr
            .contains("the previous output was left as it was"),
        "{}",
        run.stderr
    );
    run.stderr
}

/// Asserts that the message names `file:line:col`.
fn assert_located(stderr: &str, file: &str, line: usize, column: usize) {
    let wanted = format!("--> site/{file}:{line}:{column}");
    assert!(stderr.contains(&wanted), "expected {wanted} in:\n{stderr}");
}

#[test]
fn malformed_yaml_in_front_matter() {
    let stderr = fails_cleanly(|site| {
        site.overlay("errors/malformed-yaml");
    });
    assert!(stderr.contains("site/content/about.md:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_in_config_suggests_the_right_one() {
    let stderr = fails_cleanly(|site| {
        site.edit(
            "portico.yaml",
            "  accepting_new_patients: true",
            "  acepting_new_patients: true",
        );
    });
    assert_located(&stderr, "portico.yaml", 13, 3);
    assert!(
        stderr.contains("did you mean `accepting_new_patients`?"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_in_front_matter_is_on_the_files_own_line() {
    let stderr = fails_cleanly(|site| {
        site.edit("content/about.md", "weight: 20", "wieght: 20");
    });
    assert_located(&stderr, "content/about.md", 4, 1);
    assert!(stderr.contains("did you mean `weight`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn invalid_values_are_all_reported_at_their_place() {
    let stderr = fails_cleanly(|site| {
        site.edit(
            "portico.yaml",
            "phone: \"(503) 555-0110\"",
            "phone: \"call us\"",
        );
        site.edit("portico.yaml", "closes: \"12:00\"", "closes: \"25:00\"");
    });
    assert_located(&stderr, "portico.yaml", 12, 10);
    assert_located(&stderr, "portico.yaml", 21, 47);
    insta::assert_snapshot!(stderr);
}

#[test]
fn two_pages_for_one_url_name_both_files() {
    let stderr = fails_cleanly(|site| {
        site.overlay("errors/duplicate-url");
    });
    assert!(
        stderr.contains("site/content/about.md") && stderr.contains("site/content/about-us.md"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn every_broken_link_is_reported_in_one_run() {
    let stderr = fails_cleanly(|site| {
        site.overlay("errors/broken-link");
    });
    assert_located(&stderr, "content/services/sick-visits.md", 5, 29);
    assert_located(&stderr, "content/services/sick-visits.md", 7, 12);
    assert!(
        stderr.contains("did you mean @/services/checkups.md?"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean #our-office?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_template_error_names_the_template_line_and_page() {
    let stderr = fails_cleanly(|site| {
        site.overlay("errors/template-error");
    });
    assert_located(&stderr, "templates/page.html", 4, 7);
    assert_eq!(
        stderr.matches("error:").count(),
        1,
        "one error for one mistake, however many pages use it"
    );
    assert!(stderr.contains(" more pages"), "{stderr}");
    assert!(
        stderr.contains("while rendering: site/content/"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_missing_theme_suggests_a_built_in_one() {
    let stderr = fails_cleanly(|site| {
        site.edit("portico.yaml", "theme: clinic", "theme: clinik");
    });
    assert_located(&stderr, "portico.yaml", 5, 8);
    assert!(stderr.contains("did you mean `clinic`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_language_that_is_not_configured() {
    let stderr = fails_cleanly(|site| {
        site.write("content/about.fr.md", "---\ntitle: À propos\n---\n");
    });
    assert!(stderr.contains("add `fr` to `languages:`"), "{stderr}");
}

#[test]
fn a_front_matter_block_that_never_closes() {
    let stderr = fails_cleanly(|site| {
        site.write(
            "content/about.md",
            "---\ntitle: About us\n\nText without the closing line.\n",
        );
    });
    assert_located(&stderr, "content/about.md", 1, 1);
}

#[test]
fn two_locations_with_one_id() {
    let stderr = fails_cleanly(|site| {
        let config = site.read("portico.yaml");
        let second = "  - id: main\n    name: Second Office\n    address: { street: 1 Elm St, city: Salem, region: OR, postal_code: \"97302\" }\n    phone: \"503-555-0111\"\n";
        site.write(
            "portico.yaml",
            &config.replace("seo:\n", &format!("{second}seo:\n")),
        );
    });
    assert_located(&stderr, "portico.yaml", 22, 9);
    assert!(
        stderr.contains("two locations have the id `main`"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_top_level_key_may_be_a_misspelt_plugin_table() {
    let stderr = fails_cleanly(|site| {
        site.edit("portico.yaml", "seo:\n", "seoo:\n");
    });
    assert_located(&stderr, "portico.yaml", 22, 1);
    assert!(
        stderr.contains("unknown key `seoo`") && stderr.contains("did you mean `seo`?"),
        "{stderr}"
    );
}

#[test]
fn type_mistakes_are_said_in_the_users_words() {
    let stderr = fails_cleanly(|site| {
        site.write("content/empty.md", "---\ntitle:\n---\nHello.\n");
        site.write(
            "content/heavy.md",
            "---\ntitle: Heavy\nweight: heavy\n---\nHello.\n",
        );
        site.write(
            "content/tab.md",
            "---\ntitle: Tab\n\tdescription: indented\n---\nHello.\n",
        );
    });
    assert!(
        stderr.contains("`title` must be text, and it is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`weight` must be a whole number"),
        "{stderr}"
    );
    assert!(stderr.contains("write it like `weight: 10`"), "{stderr}");
    assert_located(&stderr, "content/tab.md", 3, 1);
    assert!(
        stderr.contains("indented with a tab, and YAML allows only spaces"),
        "{stderr}"
    );
    for rust_words in ["Option<String>", "i64", "deserialize", "a missing `]`"] {
        assert!(!stderr.contains(rust_words), "{rust_words} in:\n{stderr}");
    }
}

#[test]
fn every_unknown_key_of_every_file_is_reported_in_one_run() {
    let stderr = fails_cleanly(|site| {
        site.write(
            "content/a.md",
            "---\ntitle: A\nauthor: Kim\nlayout: wide\n---\nHello.\n",
        );
        site.write(
            "content/b.md",
            "---\ntitle: B\ncategories: [news]\n---\nHello.\n",
        );
    });
    assert_located(&stderr, "content/a.md", 3, 1);
    assert_located(&stderr, "content/a.md", 4, 1);
    assert_located(&stderr, "content/b.md", 3, 1);
    assert!(stderr.contains("Build failed with 3 errors"), "{stderr}");
}

#[test]
fn a_config_that_is_a_list_says_what_shape_it_needs() {
    let stderr = fails_cleanly(|site| {
        site.write(
            "portico.yaml",
            "- base_url: https://www.maplestreetkids.example\n- theme: clinic\n",
        );
    });
    assert!(
        stderr.contains("the file must be a set of `key: value` lines, and it is a list"),
        "{stderr}"
    );
}
