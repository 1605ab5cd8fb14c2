//! The frame around every page: `<head>` with `hreflang` alternates, skip
//! link, header with search and language switcher, the topic list, footer.
//! Every word of it comes from `locales/<lang>/site.ftl`.

use std::path::Path;

use fluent_bundle::FluentValue;
use maud::{html, Markup, DOCTYPE};

use super::DocError;
use crate::i18n::{Lang, Locales};

/// The messages of `site.ftl` the layout and templates use.
pub(crate) const INTERFACE_STRINGS: &[&str] = &[
    "site-name",
    "nav-home",
    "nav-main-label",
    "nav-breadcrumbs-label",
    "nav-skip-to-content",
    "nav-previous",
    "nav-next",
    "nav-api-reference",
    "home-title",
    "home-intro",
    "home-all-topics",
    "page-on-this-page",
    "page-related-topics",
    "page-applies-to",
    "page-copy-code",
    "page-open-in-graphiql",
    "changelog-title",
    "changelog-intro",
    "changelog-unreleased",
    "changelog-version",
    "changelog-first-release",
    "changelog-no-change",
    "changelog-type-added",
    "changelog-type-removed",
    "changelog-field-added",
    "changelog-field-removed",
    "changelog-type-changed",
    "changelog-type-from-to",
    "section-pages",
    "section-generated-description",
    "glossary-title",
    "glossary-description",
    "glossary-intro",
    "glossary-column-forms",
    "glossary-column-avoid",
    "mails-title",
    "mails-description",
    "mails-intro",
    "mails-column-subject",
    "mails-column-when",
    "mails-column-to",
    "changelog-argument-added",
    "changelog-argument-removed",
    "changelog-value-added",
    "changelog-value-removed",
    "changelog-deprecated",
    "page-code-copied",
    "language-label",
    "language-name-en",
    "language-name-fr",
    "language-switch",
    "banner-outdated",
    "banner-outdated-link",
    "banner-untranslated",
    "alert-note",
    "alert-tip",
    "alert-important",
    "alert-warning",
    "search-label",
    "search-placeholder",
    "search-button",
    "search-no-results",
    "search-results-count",
    "not-found-title",
    "not-found-text",
    "not-found-home-link",
    "api-reference-title",
    "api-reference-intro",
    "api-queries",
    "api-mutations",
    "api-types",
    "api-interfaces",
    "api-input-types",
    "api-enums",
    "api-scalars",
    "api-fields",
    "api-arguments",
    "api-input-fields",
    "api-enum-values",
    "api-implements",
    "api-deprecated",
];

/// The most topics the side menu lists. On a bigger site it shows this many
/// around the current page and links to the home page, which lists them all:
/// otherwise every page would carry the whole list, and the output would grow
/// with the square of the page count.
pub(crate) const SIDEBAR_MAX: usize = 25;

/// The part of a topic list of `len` entries the side menu shows on the page at `current`.
pub(crate) fn sidebar_window(len: usize, current: Option<usize>) -> std::ops::Range<usize> {
    if len <= SIDEBAR_MAX {
        return 0..len;
    }
    let start = current.map_or(0, |c| c.saturating_sub(SIDEBAR_MAX / 2).min(len - SIDEBAR_MAX));
    start..start + SIDEBAR_MAX
}

/// An error for each interface string missing from the Fluent files.
pub(crate) fn missing_interface_strings(locales: &Locales, dir: &Path) -> Vec<DocError> {
    let mut errors = Vec::new();
    for lang in Lang::ALL {
        for id in INTERFACE_STRINGS.iter().chain(super::diagrams::MESSAGES).filter(|id| !locales.has(lang, id)) {
            let file = dir.join(lang.code()).join("site.ftl");
            errors.push(DocError::new(file, 0, format!("the help site needs the message {id:?}")));
        }
    }
    errors
}

/// What every template needs: the strings, the base URL and the topic lists.
pub(crate) struct SiteContext<'a> {
    pub locales: &'a Locales,
    pub base: &'a str,
    /// The pages of each language by weight.
    nav: Vec<(Lang, Vec<NavItem<'a>>)>,
    /// Each entry of each topic list, rendered once: as a link, and as the current page.
    sidebar: Vec<(Lang, Vec<(Markup, Markup)>)>,
}

/// A page as the navigation shows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NavItem<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The language of the title: English on a page not yet translated.
    pub lang: Lang,
    /// The section the page is in (`""` at the top); a section's own page is
    /// in the section above.
    pub parent: &'a str,
    /// Whether this is a section's own page.
    pub is_section: bool,
}

impl NavItem<'_> {
    /// How deep the page is in the menu: 0 at the top.
    pub fn depth(&self) -> usize {
        if self.parent.is_empty() {
            0
        } else {
            self.parent.matches('/').count() + 1
        }
    }
}

/// The `<head>` of a page: its title and where it is, relative to `<lang>/`.
pub(crate) struct Head<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub description: &'a str,
    /// `""` for the home page, `"search/"`, `"<slug>/"`.
    pub path: &'a str,
    /// The slug of a content page (or `reference`), marked in the side menu.
    pub current: Option<&'a str>,
}

impl<'a> SiteContext<'a> {
    /// The context of a site whose pages of each language are `nav`, by weight.
    pub fn new(locales: &'a Locales, base: &'a str, nav: Vec<(Lang, Vec<NavItem<'a>>)>) -> Self {
        let mut cx = Self { locales, base, nav, sidebar: Vec::new() };
        // With a thousand pages the topic list is most of every page: render its entries once.
        cx.sidebar = cx
            .nav
            .iter()
            .map(|(lang, items)| {
                (*lang, items.iter().map(|item| (cx.sidebar_entry(*lang, item, false), cx.sidebar_entry(*lang, item, true))).collect())
            })
            .collect();
        cx
    }

    /// An interface string.
    pub fn t(&self, lang: Lang, id: &str) -> String {
        self.locales.text(lang, id)
    }

    /// A plural interface string with `$count`.
    pub fn count(&self, lang: Lang, id: &str, count: i64) -> String {
        self.locales.format(lang, id, &[("count", FluentValue::from(count))])
    }

    /// The pages of `lang` by weight.
    pub fn nav(&self, lang: Lang) -> &[NavItem<'a>] {
        self.nav.iter().find(|(l, _)| *l == lang).map(|(_, items)| items.as_slice()).unwrap_or_default()
    }

    /// The address of `path` (relative to `<lang>/`) in `lang`.
    pub fn url(&self, lang: Lang, path: &str) -> String {
        format!("{}{lang}/{path}", self.base)
    }

    /// A full HTML document in `head.lang` around `main`.
    pub fn document(&self, head: &Head<'_>, main: Markup) -> Markup {
        let lang = head.lang;
        let site_name = self.t(lang, "site-name");
        let title = if head.title == site_name { site_name.clone() } else { format!("{} – {site_name}", head.title) };
        html! {
            (DOCTYPE)
            html lang=(lang) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    meta name="description" content=(head.description);
                    link rel="stylesheet" href={ (self.base) "style.css" };
                    @for other in Lang::ALL {
                        link rel="alternate" hreflang=(other) href=(self.url(other, head.path));
                    }
                    link rel="alternate" hreflang="x-default" href=(self.base);
                }
                body data-copy=(self.t(lang, "page-copy-code")) data-copied=(self.t(lang, "page-code-copied")) {
                    a.skip-link href="#main" { (self.t(lang, "nav-skip-to-content")) }
                    (self.header(lang, head.path))
                    div.layout {
                        main #main tabindex="-1" { (main) }
                        (self.sidebar(lang, head.current))
                    }
                    footer.site-footer { p { a href=(self.url(lang, "")) { (site_name) } } }
                    script src={ (self.base) "search.js" } defer {}
                    script src={ (self.base) "site.js" } defer {}
                }
            }
        }
    }

    fn header(&self, lang: Lang, path: &str) -> Markup {
        html! {
            header.site-header {
                a.site-name href=(self.url(lang, "")) { (self.t(lang, "site-name")) }
                form.search role="search" action=(self.url(lang, "search/")) method="get" {
                    label.visually-hidden for="search-input" { (self.t(lang, "search-label")) }
                    input #search-input type="search" name="q" placeholder=(self.t(lang, "search-placeholder")) autocomplete="off";
                    button type="submit" { (self.t(lang, "search-button")) }
                }
                nav.languages aria-label=(self.t(lang, "language-label")) {
                    ul {
                        @for other in Lang::ALL {
                            @let name = self.t(other, &format!("language-name-{other}"));
                            li {
                                @if other == lang {
                                    span.current-language aria-current="true" lang=(other) { (name) }
                                } @else {
                                    a href=(self.url(other, path)) hreflang=(other) lang=(other) title=(self.t(lang, "language-switch")) { (name) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn sidebar_entry(&self, lang: Lang, item: &NavItem<'_>, current: bool) -> Markup {
        let depth = item.depth();
        html! {
            li lang=[(item.lang != lang).then_some(item.lang)] class=[(depth > 0).then(|| format!("depth-{}", depth.min(4)))] {
                a href=(self.url(lang, &format!("{}/", item.slug))) aria-current=[current.then_some("page")] { (item.title) }
            }
        }
    }

    fn sidebar(&self, lang: Lang, current: Option<&str>) -> Markup {
        let entries = self.sidebar.iter().find(|(l, _)| *l == lang).map(|(_, e)| e.as_slice()).unwrap_or_default();
        let items = self.nav(lang);
        // The menu shows the top level, and opens the sections that lead to
        // the current page: the rest of a big site stays one line per section.
        let here = current.and_then(|c| items.iter().find(|i| i.slug == c));
        let open = here.map_or("", |i| if i.is_section { i.slug } else { i.parent });
        let shown: Vec<usize> = (0..items.len())
            .filter(|&i| {
                let parent = items[i].parent;
                parent.is_empty() || open == parent || open.strip_prefix(parent).is_some_and(|rest| rest.starts_with('/'))
            })
            .collect();
        let window = sidebar_window(shown.len(), current.and_then(|c| shown.iter().position(|&i| items[i].slug == c)));
        let partial = window.len() < items.len();
        let reference = super::reference::SLUG;
        html! {
            nav.sidebar aria-label=(self.t(lang, "nav-main-label")) {
                ol start=[(window.start > 0).then_some(window.start + 1)] {
                    @for &i in shown.iter().skip(window.start).take(window.len()) {
                        @let (link, here) = &entries[i];
                        @if current == Some(items[i].slug) { (here) } @else { (link) }
                    }
                }
                @if partial {
                    p.sidebar-all { a href=(self.url(lang, "")) { (self.t(lang, "home-all-topics")) " (" (items.len()) ")" } }
                }
                p.sidebar-reference {
                    a href=(self.url(lang, &format!("{reference}/"))) aria-current=[(current == Some(reference)).then_some("page")] {
                        (self.t(lang, "nav-api-reference"))
                    }
                }
                @let changelog = super::changelog::SLUG;
                p.sidebar-changelog {
                    a href=(self.url(lang, &format!("{changelog}/"))) aria-current=[(current == Some(changelog)).then_some("page")] {
                        (self.t(lang, "changelog-title"))
                    }
                }
            }
        }
    }

    /// A document outside the two languages (root page, 404): no topic list.
    pub fn bare_document(&self, title: &str, alternates: bool, main: Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    link rel="stylesheet" href={ (self.base) "style.css" };
                    @if alternates {
                        @for lang in Lang::ALL {
                            link rel="alternate" hreflang=(lang) href=(self.url(lang, ""));
                        }
                        link rel="alternate" hreflang="x-default" href=(self.base);
                    }
                }
                body.bare { main #main { (main) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_side_menu_shows_everything_on_a_small_site_and_a_window_on_a_big_one() {
        assert_eq!(sidebar_window(13, Some(12)), 0..13);
        assert_eq!(sidebar_window(SIDEBAR_MAX, None), 0..SIDEBAR_MAX);
        assert_eq!(sidebar_window(1000, None), 0..SIDEBAR_MAX);
        assert_eq!(sidebar_window(1000, Some(3)), 0..SIDEBAR_MAX);
        assert_eq!(sidebar_window(1000, Some(500)), 500 - SIDEBAR_MAX / 2..500 - SIDEBAR_MAX / 2 + SIDEBAR_MAX);
        assert_eq!(sidebar_window(1000, Some(999)), 1000 - SIDEBAR_MAX..1000);
        assert!(sidebar_window(1000, Some(500)).contains(&500));
    }
}
