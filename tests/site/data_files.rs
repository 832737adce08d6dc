//! `data/`: YAML and JSON files read strictly and given to every template and component as `data`.

use crate::harness::SiteTest;

/// The `basic` fixture with a holiday notice and a team list in `data/`, shown by a component of the
/// site's own on the about page.
fn with_data() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write(
        "data/hours.yaml",
        "holiday: Closed on December 25\nopen_late: [Tuesday, Thursday]\n",
    );
    site.write(
        "data/team/nurses.json",
        r#"[{"name": "Rosa Delgado", "role": "Nurse"}, {"name": "Tom Becker", "role": "Nurse"}]"#,
    );
    site.write(
        "templates/components/holiday.html",
        "<p class=\"holiday\">{{ data.hours.holiday }}; open late {{ data.hours.open_late | first }} and {{ data.hours.open_late | last }}.</p>\n\
         <ul>{% for nurse in data.team.nurses %}<li>{{ nurse.name }}</li>{% endfor %}</ul>\n",
    );
    site.write(
        "content/about.md",
        &(site.read("content/about.md") + "\n{{ holiday() }}\n"),
    );
    site
}

#[test]
fn data_files_reach_templates_and_components_in_both_engines() {
    for theme in ["clinic", "harbor"] {
        let site = with_data();
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.build_ok();
        let about = site.output("about/index.html");
        assert!(
            about.contains(
                "<p class=\"holiday\">Closed on December 25; open late Tuesday and Thursday.</p>"
            ) && about.contains("<li>Rosa Delgado</li><li>Tom Becker</li>"),
            "{theme}: {about}"
        );
    }
}

#[test]
fn every_bad_data_file_is_an_error_at_its_place() {
    let site = with_data();
    site.build_ok();
    site.write(
        "data/hours.yaml",
        "holiday: Closed\n  open_late: [Tuesday\n",
    );
    site.write("data/fees.json", "{\n  \"visit\": 120,\n  \"copy\": \n}\n");
    site.write("data/flu-clinic.yaml", "day: Saturday\n");
    site.write("data/notes.txt", "call the printer company\n");
    site.write("data/team.yaml", "lead: Rosa\n");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (found, place) in [
        ("hours.yaml", "site/data/hours.yaml:2:"),
        ("the JSON cannot be read", "site/data/fees.json:4:1"),
        (
            "`flu-clinic` cannot be a name in templates",
            "site/data/flu-clinic.yaml",
        ),
        (
            "data files are YAML (.yaml) or JSON (.json)",
            "site/data/notes.txt",
        ),
        ("two data files are named `data.team", "site/data/team"),
    ] {
        assert!(
            run.stderr.contains(found) && run.stderr.contains(place),
            "`{found}` at {place}:\n{}",
            run.stderr
        );
    }
    assert!(
        site.output("about/index.html")
            .contains("Closed on December 25"),
        "the previous output is left as it was"
    );
}
