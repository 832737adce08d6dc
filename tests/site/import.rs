//! `portico import wordpress`: a hand-written export of a fictional practice moved into a site made by
//! `portico init`, built, and read back; and every kind of bad input refused with nothing written.

use crate::harness::{SiteTest, tree};
use crate::images::{jpeg, photo};

/// The fixture (with `export.xml`), a fresh site at `site/new` and the old uploads at `site/uploads`.
fn moving_in() -> SiteTest {
    let site = SiteTest::fixture("import/wordpress");
    let run = site.run(&["init", "site/new", "--name", "Cedar Hollow Family Medicine"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let desk = jpeg(&photo(600, 400), Vec::new(), None);
    site.write_bytes("uploads/2024/05/front-desk.jpg", &desk);
    site.write_bytes("uploads/2024/05/front-desk-300x200.jpg", &desk);
    site.write_bytes(
        "uploads/2024/09/flu-flyer.pdf",
        b"%PDF-1.4\n%a fictional flyer\n",
    );
    site
}

fn import(site: &SiteTest, extra: &[&str]) -> crate::harness::Run {
    let mut args = vec![
        "import",
        "wordpress",
        "site/export.xml",
        "--root",
        "site/new",
        "--uploads",
        "site/uploads",
    ];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn a_wordpress_site_moves_in_and_builds_once_its_form_is_replaced() {
    let site = moving_in();
    // `portico init` wrote a sample contact page: the import names it and writes nothing.
    let before = tree(&site.root.join("new"));
    let run = import(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the site already has content/contact.md")
            && run.stderr.contains("--overwrite"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&site.root.join("new")), before, "nothing was written");

    let run = import(&site, &["--overwrite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("5 pages, 2 posts, 2 media files"),
        "{}",
        run.stderr
    );

    let about = site.read("new/content/about-us.md");
    assert!(
        about.starts_with("---\ntitle: \"About us\"\ndescription: \"Who we are & how we care.\"\ndate: 2023-01-10\nupdated: 2024-05-20\nweight: 10\n---\n"),
        "{about}"
    );
    assert!(
        about.contains("See [what we offer](@/services/_index.md)."),
        "{about}"
    );
    assert!(
        about.contains("{{ figure(src=\"/wp-content/uploads/2024/05/front-desk.jpg\", alt=\"The front desk, with a green plant\", caption=\"Our front desk\") }}"),
        "the resized copy is read as its original: {about}"
    );
    assert!(
        about.contains("We speak English and Spanish.")
            && !about.contains("<font")
            && !about.contains("<center"),
        "{about}"
    );
    let post = site.read("new/content/news/flu-shots-are-here.md");
    assert!(
        post.contains(
            "tags: [\"Clinic news\", \"flu\"]\naliases: [\"/2024/09/15/flu-shots-are-here/\"]"
        ),
        "{post}"
    );
    assert!(post.contains("<!-- more -->") && post.contains("{{ video(url=\"https://www.youtube.com/watch?v=fictional01\", title=\"Watch the video\") }}"), "{post}");
    assert!(
        site.read("new/content/services/flu-shots.md")
            .contains("[our flu flyer](/wp-content/uploads/2024/09/flu-flyer.pdf)")
    );
    assert!(
        site.read("new/content/news/holiday-hours.md")
            .contains("draft: true")
    );
    assert!(!site.root.join("new/content/staff-schedule.md").exists());
    assert!(
        !site
            .root
            .join("new/content/news/member-newsletter.md")
            .exists()
    );

    let report = site.read("new/import-report.md");
    for expected in [
        "## Forms",
        "a form ([contact-form-7]) is now `{{ wordpress_contact_form_7(id=\"12\", title=\"Contact form\") }}`",
        "tracking code (Google Analytics or Google Tag Manager) was removed",
        "an embedded page (<iframe>: a map, a booking or chat box) from www.google.com was removed",
        "\"Staff schedule\" was private",
        "\"Member newsletter\" was password-protected",
        "\"A kind word from a parent\" is a `testimonial`",
        "wp-content/uploads/2023/01/waiting-room.jpg is in the media library but not in the uploads folder",
        "\"Pay my bill\" in the menu `primary`: a link to https://pay.billing.example/cedar-hollow",
        "\"Flu shots\" in the menu `primary`: a sub-menu entry",
        "<font> is obsolete",
        "this was the old site's front page",
        "the address changed from /2024/09/15/flu-shots-are-here/ to /news/flu-shots-are-here/",
        "site/export.xml:",
    ] {
        assert!(report.contains(expected), "{expected}:\n{report}");
    }

    // The form stops the build at its line, in the new file, until a person replaces it.
    let run = site.run(&["build", "--root", "site/new"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("there is no component `wordpress_contact_form_7`")
            && run.stderr.contains("site/new/content/contact.md:9:1"),
        "{}",
        run.stderr
    );
    let contact = site.read("new/content/contact.md").replace(
        "{{ wordpress_contact_form_7(id=\"12\", title=\"Contact form\") }}",
        "Call us at {{ phone() }}.",
    );
    site.write("new/content/contact.md", &contact);
    let run = site.run(&["build", "--root", "site/new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let public = site.root.join("new/public");
    let page = std::fs::read_to_string(public.join("services/flu-shots/index.html")).unwrap();
    assert!(
        page.contains("<figure class=\"component-figure\">")
            && page.contains("href=\"/wp-content/uploads/2024/09/flu-flyer.pdf\""),
        "{page}"
    );
    let redirect =
        std::fs::read_to_string(public.join("2024/09/15/flu-shots-are-here/index.html")).unwrap();
    assert!(
        redirect.contains("/news/flu-shots-are-here/"),
        "the old address still lands: {redirect}"
    );
    assert!(
        public
            .join("wp-content/uploads/2024/09/flu-flyer.pdf")
            .is_file()
    );
    assert!(
        public
            .join("wp-content/uploads/2024/05/front-desk.jpg")
            .is_file()
    );
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    let nav = home
        .find("href=\"/about-us/\"")
        .zip(home.find("href=\"/contact/\""));
    assert!(
        nav.is_some_and(|(about, contact)| about < contact),
        "the menu's order: {home}"
    );
    assert!(!page.contains("googletagmanager") && !page.contains("<script src=\"https://"));
}

/// Runs an import of `export` (written into the fixture) and returns what it printed; the site must be
/// untouched.
fn refused(export: &str) -> String {
    let site = moving_in();
    site.write("bad.xml", export);
    let before = tree(&site.root.join("new"));
    let run = site.run(&["import", "wordpress", "site/bad.xml", "--root", "site/new"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tree(&site.root.join("new")), before, "nothing was written");
    run.stderr
}

#[test]
fn entity_tricks_are_refused_and_nothing_is_fetched() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<rss><channel><title>&lol2;</title></channel></rss>\n";
    let stderr = refused(laughs);
    assert!(
        stderr.contains("site/bad.xml:2") && stderr.contains("declares a DOCTYPE"),
        "{stderr}"
    );
    let undeclared = "<?xml version=\"1.0\"?>\n<rss><channel><wp:wxr_version>1.2</wp:wxr_version>\n<title>&xxe;</title></channel></rss>\n";
    let stderr = refused(undeclared);
    assert!(
        stderr.contains("site/bad.xml:3") && stderr.contains("`&xxe;`"),
        "{stderr}"
    );
}

#[test]
fn an_export_from_another_tool_or_cut_short_is_refused() {
    let feed = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>A feed</title></channel></rss>\n";
    assert!(refused(feed).contains("this is not a WordPress export (WXR)"));
    let other =
        "<?xml version=\"1.0\"?>\n<urlset><url><loc>https://x.example/</loc></url></urlset>\n";
    assert!(
        refused(other).contains("site/bad.xml:2")
            && refused(other).contains("not a WordPress export")
    );
    let cut = "<?xml version=\"1.0\"?>\n<rss><channel><wp:wxr_version>1.2</wp:wxr_version>\n<item><title>Half";
    let stderr = refused(cut);
    assert!(
        stderr.contains("cut short") && stderr.contains("site/bad.xml:3"),
        "{stderr}"
    );
}

#[test]
fn a_missing_uploads_folder_or_site_is_a_clear_error() {
    let site = moving_in();
    let wordpress = ["import", "wordpress", "site/export.xml", "--root"];
    let stderr = fails(
        &site,
        &[&wordpress[..], &["site/new", "--uploads", "site/nowhere"]].concat(),
    );
    assert!(
        stderr.contains("site/nowhere") && stderr.contains("the uploads folder does not exist"),
        "{stderr}"
    );
    let stderr = fails(&site, &[&wordpress[..], &["site/uploads"]].concat());
    assert!(
        stderr.contains("not a Portico site") && stderr.contains("portico init"),
        "{stderr}"
    );
    assert!(!site.root.join("uploads/import-report.md").exists());
}

/// A folder of the site that is a link to somewhere else is never written through, with or without
/// `--overwrite`: the import stops before writing anything.
#[cfg(unix)]
#[test]
fn a_linked_folder_in_the_site_is_never_written_through() {
    let site = moving_in();
    std::fs::create_dir_all(site.root.join("elsewhere")).expect("a folder outside the site");
    std::fs::remove_dir_all(site.root.join("new/content")).expect("the sample content");
    std::os::unix::fs::symlink(site.root.join("elsewhere"), site.root.join("new/content"))
        .expect("a link");
    let before = tree(&site.root.join("new"));
    let run = import(&site, &["--overwrite"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let stderr = run.stderr;
    assert!(
        stderr.contains("through a symbolic link") && stderr.contains("new/content"),
        "{stderr}"
    );
    assert_eq!(tree(&site.root.join("new")), before, "nothing was written");
    assert_eq!(
        std::fs::read_dir(site.root.join("elsewhere"))
            .expect("the folder")
            .count(),
        0,
        "nothing was written outside the site"
    );
}

/// Runs `portico ARGS`, which must fail; what it printed.
fn fails(site: &SiteTest, args: &[&str]) -> String {
    let run = site.run(args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stderr
}

/// A new site at `site/new` beside the fixture `import/NAME` (the old site, at `site/`).
fn old_site(name: &str) -> SiteTest {
    let site = SiteTest::fixture(&format!("import/{name}"));
    let run = site.run(&["init", "site/new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

#[test]
fn a_hugo_site_moves_in_with_its_front_matter_shortcodes_and_page_folders() {
    let site = old_site("hugo");
    site.write_bytes(
        "content/posts/open-house/photo.jpg",
        &jpeg(&photo(640, 480), Vec::new(), None),
    );
    let run = site.run(&["import", "hugo", "site", "--root", "site/new"]);
    assert_eq!(run.code, 1, "init's about.md is in the way: {}", run.stderr);
    let run = site.run(&[
        "import",
        "hugo",
        "site",
        "--root",
        "site/new",
        "--overwrite",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let about = site.read("new/content/about.md");
    assert!(
        about.starts_with(
            "---\ntitle: \"About us\"\ndescription: \"Who we are\"\nweight: 20\n---\n"
        ),
        "{about}"
    );
    assert!(
        about.contains("Read our [news](@/posts/flu.md)."),
        "{about}"
    );
    let flu = site.read("new/content/posts/flu.md");
    assert!(
        flu.contains("date: 2024-09-15\nupdated: 2024-09-16\ntags: [\"flu\", \"Clinic news\"]\naliases: [\"/2024/09/flu-shots/\"]"),
        "JSON front matter: {flu}"
    );
    let open_house = site.read("new/content/posts/open-house/index.md");
    for expected in [
        "description: \"Come and see our new office.\"",
        "extra: {\"room\":\"B\"}",
        "{{ figure(src=\"photo.jpg\", alt=\"The new waiting room\", caption=\"Our waiting room\") }}",
        "{{ video(url=\"https://www.youtube.com/watch?v=abc123\", title=\"Watch the video\") }}",
        "```bash\necho \"hello\"\n```",
        "```go\n{{< notice >}} stays as code\n```",
    ] {
        assert!(open_house.contains(expected), "{expected}: {open_house}");
    }
    assert!(
        site.read("new/content/posts/coming-soon.md")
            .contains("draft: true")
    );
    assert!(
        site.read("new/content/posts/_index.md")
            .contains("title: \"Posts\"")
    );
    let report = site.read("new/import-report.md");
    for expected in [
        "`{{< notice info >}}` has no component",
        "site/content/posts/open-house/index.md:24:1",
        "left out: layout",
        "the templates in layouts/ were not imported",
        "site/content/about.md:11:1` (now `content/about.md`): the <iframe> element written in the page",
    ] {
        assert!(report.contains(expected), "{expected}:\n{report}");
    }

    let run = site.run(&["build", "--root", "site/new"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("site/new/content/posts/open-house/index.md:22:1"),
        "the shortcode left stops the build at its line: {}",
        run.stderr
    );
    let text = open_house
        .replace("{{< notice info >}}", "{% callout() %}")
        .replace("{{< /notice >}}", "{% end %}");
    site.write("new/content/posts/open-house/index.md", &text);
    let run = site.run(&["build", "--root", "site/new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("new/public/posts/open-house/index.html");
    assert!(
        page.contains("<figure class=\"component-figure\">") && page.contains("<picture>"),
        "{page}"
    );
    assert!(
        site.read("new/public/2024/09/flu-shots/index.html")
            .contains("/posts/flu/")
    );
    assert!(
        site.read("new/public/es/posts/flu/index.html")
            .contains("Las vacunas llegaron hoy.")
    );
    assert!(site.root.join("new/public/files/form.pdf").is_file());
    assert!(!site.root.join("new/public/posts/coming-soon").exists());
}

/// The Zola site of [`old_site`] imported into its new site.
const IMPORT_ZOLA: [&str; 6] = [
    "import",
    "zola",
    "site",
    "--root",
    "site/new",
    "--overwrite",
];

#[test]
fn a_zola_site_moves_in_and_its_unknown_shortcodes_stop_the_build() {
    let site = old_site("zola");
    let run = site.run(&IMPORT_ZOLA);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let post = site.read("new/content/blog/first.md");
    assert!(
        post.starts_with("---\ntitle: \"Our first post\"\ndate: 2024-03-01\ntags: [\"news\", \"clinic\"]\nextra: {\"author\":\"The front desk\"}\n---\n"),
        "{post}"
    );
    assert!(post.contains("Watch {{ video(url=\"https://www.youtube.com/watch?v=zola123\", title=\"Watch the video\") }} and see [about us](@/about.md)."), "{post}");
    assert!(
        site.read("new/content/blog/_index.md")
            .contains("sort_by: date")
    );
    let report = site.read("new/import-report.md");
    assert!(
        report.contains("the shortcode `gallery` is not one of Portico's components"),
        "{report}"
    );
    assert!(
        report.contains("left out: paginate_by") && report.contains("left out: template"),
        "{report}"
    );
    let run = site.run(&["build", "--root", "site/new"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no component `gallery`")
            && run.stderr.contains("site/new/content/blog/first.md:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_that_is_no_site_or_bad_front_matter_is_refused() {
    let site = old_site("zola");
    let stderr = fails(
        &site,
        &["import", "hugo", "site/new/content", "--root", "site/new"],
    );
    assert!(
        stderr.contains("this is not a Hugo site: it has no content/ folder"),
        "{stderr}"
    );
    let import = || fails(&site, &IMPORT_ZOLA);
    site.write("content/broken.md", "+++\ntitle = \"x\"\ndate = \n+++\n");
    let before = tree(&site.root.join("new"));
    let stderr = import();
    assert!(
        stderr.contains("site/content/broken.md:3")
            && stderr.contains("front matter cannot be read"),
        "{stderr}"
    );
    assert_eq!(tree(&site.root.join("new")), before, "nothing was written");

    // YAML's error is at its own line too, counted from the top of the file.
    site.write(
        "content/broken.md",
        "---\ntitle: x\ntags: [a, b\ndate: 2024-01-01\n---\n",
    );
    let stderr = import();
    assert!(
        stderr.contains("illegal placement of ':' indicator")
            && stderr.contains("site/content/broken.md:4:5")
            && stderr.contains("The import failed with 1 error; nothing was written."),
        "{stderr}"
    );
}

/// An export written by the test: `n` items of every kind WordPress writes (pages in a hierarchy, posts
/// in every status, attachments, menu entries, a plugin's own type, a reusable block), with classic and
/// block-editor text, shortcodes, tables, links between items, and an attachment whose recorded name
/// climbs out of the uploads folder.
fn big_export(n: u64) -> String {
    let host = "https://www.cedarhollowclinic.example";
    let mut items = String::new();
    let mut item = |fields: &str| {
        items.push_str("<item>");
        items.push_str(fields);
        items.push_str("</item>\n");
    };
    item(&format!(
        "<title>escape</title><wp:post_id>9999</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>\
         <wp:attachment_url>{host}/wp-content/uploads/../../etc/x</wp:attachment_url>\
         <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[../../etc/x]]></wp:meta_value></wp:postmeta>"
    ));
    item(&format!(
        "<title>desk</title><wp:post_id>9998</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>\
         <wp:attachment_url>{host}/wp-content/uploads/2024/05/front-desk.jpg</wp:attachment_url>\
         <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2024/05/front-desk.jpg</wp:meta_value></wp:postmeta>\
         <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>The front desk</wp:meta_value></wp:postmeta>"
    ));
    let mut top_page = 1;
    for i in 1..=n {
        let (kind, status, parent) = match i % 8 {
            0 => ("page", "publish", 0),
            1 | 2 => ("page", "publish", top_page),
            3 | 4 => ("post", "publish", 0),
            5 => (
                "post",
                ["draft", "pending", "future"][usize::try_from(i % 3).unwrap()],
                0,
            ),
            6 => ("post", "private", 0),
            _ => (
                ["product", "wp_block", "revision"][usize::try_from(i % 3).unwrap()],
                "publish",
                0,
            ),
        };
        if kind == "page" && parent == 0 {
            top_page = i;
        }
        let link = match (kind, parent) {
            ("page", 0) => format!("{host}/page-{i}/"),
            ("page", p) => format!("{host}/page-{p}/page-{i}/"),
            _ => format!("{host}/2024/05/post-{i}/"),
        };
        let content = if i % 2 == 0 {
            format!(
                "<!-- wp:paragraph --><p>Item {i} &amp; its <strong>text</strong>, with a link to <a href=\"{host}/page-{top_page}/\">a page</a>.</p><!-- /wp:paragraph -->\
                 <!-- wp:table --><figure class=\"wp-block-table\"><table><tr><th>Day</th><th>Hours</th></tr><tr><td>Monday</td><td>8 to 5</td></tr></table></figure><!-- /wp:table -->"
            )
        } else {
            format!(
                "Item {i} in the classic editor.\n\n- not a list in HTML\n\n[caption width=\"300\"]<img src=\"{host}/wp-content/uploads/2024/05/front-desk-300x200.jpg\" alt=\"\" /> The desk[/caption]\n\n[gallery ids=\"9998\"]\n\n[embed]https://www.youtube.com/watch?v=item{i}[/embed]\n\n<ul><li>One</li><li>Two</li></ul>"
            )
        };
        item(&format!(
            "<title><![CDATA[Item {i}: Q&A \"quotes\" #{i}]]></title><link>{link}</link>\
             <content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>\
             <wp:post_id>{i}</wp:post_id><wp:post_date>2024-05-{:02} 09:00:00</wp:post_date>\
             <wp:post_modified>2024-06-01 09:00:00</wp:post_modified><wp:post_name>{}-{i}</wp:post_name>\
             <wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent><wp:menu_order>{i}</wp:menu_order>\
             <wp:post_type>{kind}</wp:post_type><wp:post_password></wp:post_password>\
             <category domain=\"category\" nicename=\"visits\"><![CDATA[Visits]]></category>",
            i % 28 + 1,
            if kind == "page" { "page" } else { "post" },
        ));
        if kind == "page" && parent == 0 && i % 16 == 0 {
            item(&format!(
                "<title></title><wp:post_id>{}</wp:post_id><wp:status>publish</wp:status><wp:menu_order>{i}</wp:menu_order>\
                 <wp:post_type>nav_menu_item</wp:post_type><category domain=\"nav_menu\" nicename=\"main\"><![CDATA[Main]]></category>\
                 <wp:postmeta><wp:meta_key>_menu_item_type</wp:meta_key><wp:meta_value>post_type</wp:meta_value></wp:postmeta>\
                 <wp:postmeta><wp:meta_key>_menu_item_menu_item_parent</wp:meta_key><wp:meta_value>0</wp:meta_value></wp:postmeta>\
                 <wp:postmeta><wp:meta_key>_menu_item_object_id</wp:meta_key><wp:meta_value>{i}</wp:meta_value></wp:postmeta>",
                100_000 + i
            ));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n\
         <title>Cedar Hollow</title><link>{host}</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{host}</wp:base_site_url>\n{items}</channel>\n</rss>\n"
    )
}

#[test]
fn hundreds_of_items_of_every_kind_move_in_and_the_site_builds() {
    let site = moving_in();
    site.write("big.xml", &big_export(400));
    let run = site.run(&[
        "import",
        "wordpress",
        "site/big.xml",
        "--root",
        "site/new",
        "--uploads",
        "site/uploads",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("150 pages, 150 posts, 1 media files"),
        "{}",
        run.stderr
    );
    let report = site.read("new/import-report.md");
    assert!(
        report.contains(
            "wp-content/uploads/../../etc/x is in the media library but not in the uploads folder"
        ),
        "a name that climbs out is only looked up, never written: {report}"
    );
    assert!(!site.root.join("etc").exists() && !site.root.join("new/etc").exists());
    assert!(
        report.contains("\"Item 6: Q&A \"quotes\" #6\" was private"),
        "{report}"
    );
    assert!(report.contains("is a `product`"), "{report}");
    let run = site.run(&["build", "--root", "site/new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let child = site.read("new/public/page-16/page-17/index.html");
    assert!(
        child.contains("Item 17 in the classic editor.") && child.contains("<picture>"),
        "{child}"
    );
    let table = site.read("new/public/page-16/page-18/index.html");
    assert!(
        table.contains("<table>") && table.contains("Monday"),
        "{table}"
    );
    let home = site.read("new/public/index.html");
    assert!(
        home.contains("href=\"/page-16/\""),
        "a page in the menu is in the navigation"
    );
}
