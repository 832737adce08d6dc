//! A page's `<img>` of a site picture becomes a `<picture>`.
//!
//! The markdown renderer wrote `<img src alt title>` and recorded each picture it wrote
//! ([`crate::content::markdown::ContentImage`], with the alt and title as plain text). lol_html, an HTML
//! parser, finds those elements again (an `<img>` written by hand in the markdown is left alone unless
//! it names a picture the same way) and replaces each with the `<picture>` the pipeline's files make.

use std::collections::{HashMap, VecDeque};

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::content::Site;
use crate::content::markdown::{ContentImage, split_summary};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::images::{ImageView, SiteImages};

/// Rewrites every page that shows a picture of the site.
pub(super) fn pages(
    site: &mut Site,
    images: &SiteImages,
    sizes: &str,
    diagnostics: &mut Diagnostics,
) {
    let base = site.config.base_url.clone();
    let url = |path: &str| base.prefixed(&format!("/{path}"));
    for page in &mut site.pages {
        if page.content.images.is_empty() {
            continue;
        }
        let views: HashMap<String, ImageView> = page
            .content
            .images
            .iter()
            .filter_map(|i| {
                let image = images.get(&i.src)?;
                let view = ImageView::new(&image.responsive, None, sizes, &url)?;
                Some((base.prefixed(&i.src), view))
            })
            .collect();
        if views.is_empty() {
            continue;
        }
        let rewritten = rewrite(&page.content.html, &page.content.images, &views, &base);
        let summary = page
            .content
            .summary
            .as_deref()
            .map(|s| rewrite(s, &page.content.images, &views, &base));
        match (rewritten, summary.transpose()) {
            (Ok(html), Ok(summary)) => {
                page.content.after_summary = summary.as_ref().and_then(|_| split_summary(&html).1);
                page.content.html = html;
                page.content.summary = summary;
            }
            (Err(message), _) | (_, Err(message)) => diagnostics.error(
                Error::new(
                    ErrorKind::Image,
                    format!("could not place the pictures: {message}"),
                )
                .at(Location::file(&page.source.path)),
            ),
        }
    }
}

/// `html` with each recorded picture's `<img>` replaced by its `<picture>`; the first is not lazy.
fn rewrite(
    html: &str,
    recorded: &[ContentImage],
    views: &HashMap<String, ImageView>,
    base: &crate::config::BaseUrl,
) -> Result<String, String> {
    // The pictures in the order the markdown wrote them, by URL, for their plain alt and title.
    let mut queue: HashMap<String, VecDeque<&ContentImage>> = HashMap::new();
    for image in recorded.iter().filter(|image| !image.component) {
        queue
            .entry(base.prefixed(&image.src))
            .or_default()
            .push_back(image);
    }
    let queue = std::cell::RefCell::new(queue);
    let first = std::cell::Cell::new(true);
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("img[src]", |el| {
            let Some(src) = el.get_attribute("src") else {
                return Ok(());
            };
            let (Some(view), Some(image)) = (
                views.get(&src),
                queue
                    .borrow_mut()
                    .get_mut(&src)
                    .and_then(VecDeque::pop_front),
            ) else {
                return Ok(());
            };
            let eager = first.replace(false);
            el.replace(
                &view.html(&image.alt, image.title.as_deref(), eager),
                ContentType::Html,
            );
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| e.to_string())
}
