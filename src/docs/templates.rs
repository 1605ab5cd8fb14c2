//! The pages around the layout: a content page (breadcrumbs, banner, "applies
//! to", table of contents, related topics, previous/next), the home page of a
//! language, the API reference, the search page, the root page that picks a
//! language, the 404 page and the sitemap.

use maud::{html, Markup, PreEscaped};

use super::changelog;
use super::layout::{Head, NavItem, SiteContext};
use super::markdown::{Heading, Rendered};
use super::reference::{self, Reference, Texts};
use crate::i18n::Lang;

/// Why a page carries a translation banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Banner {
    /// The English page changed since it was translated.
    Outdated,
    /// There is no translation; the English text is shown.
    Untranslated,
}

/// A content page, ready to be framed.
pub(crate) struct PageView<'a> {
    pub lang: Lang,
    pub item: NavItem<'a>,
    pub body: &'a Rendered,
    pub banner: Option<Banner>,
    /// The names of the roles the page is for, in the page's language.
    pub applies_to: Vec<String>,
    pub related: Vec<NavItem<'a>>,
    pub previous: Option<NavItem<'a>>,
    pub next: Option<NavItem<'a>>,
    /// The sections above the page, outermost first, for the breadcrumbs.
    pub ancestors: Vec<NavItem<'a>>,
}

/// A content page.
pub(crate) fn page(cx: &SiteContext<'_>, view: &PageView<'_>) -> Markup {
    let lang = view.lang;
    let item = &view.item;
    let path = format!("{}/", item.slug);
    // English text on a French page says so.
    let text_lang = (item.lang != lang).then_some(item.lang);
    let main = html! {
        nav.breadcrumbs aria-label=(cx.t(lang, "nav-breadcrumbs-label")) {
            ol {
                li { a href=(cx.url(lang, "")) { (cx.t(lang, "nav-home")) } }
                @for up in &view.ancestors {
                    li lang=[(up.lang != lang).then_some(up.lang)] { a href=(cx.url(lang, &format!("{}/", up.slug))) { (up.title) } }
                }
                li lang=[text_lang] { a href=(cx.url(lang, &path)) aria-current="page" { (item.title) } }
            }
        }
        @match view.banner {
            Some(Banner::Outdated) => div.banner role="note" {
                p {
                    (cx.t(lang, "banner-outdated")) " "
                    a href=(cx.url(Lang::En, &path)) hreflang="en" { (cx.t(lang, "banner-outdated-link")) }
                }
            },
            Some(Banner::Untranslated) => div.banner role="note" { p { (cx.t(lang, "banner-untranslated")) } },
            None => {},
        }
        article {
            h1 lang=[text_lang] { (item.title) }
            p.lead lang=[text_lang] { (item.description) }
            @if !view.applies_to.is_empty() {
                dl.applies-to {
                    dt { (cx.t(lang, "page-applies-to")) }
                    @for role in &view.applies_to { dd { (role) } }
                }
            }
            @if view.body.headings.iter().any(|h| h.level == 2 || h.level == 3) {
                nav.toc aria-labelledby="toc-title" {
                    h2 #toc-title { (cx.t(lang, "page-on-this-page")) }
                    (toc(&view.body.headings, text_lang))
                }
            }
            div.content lang=[text_lang] { (PreEscaped(&view.body.html)) }
        }
        @if !view.related.is_empty() {
            aside.related aria-labelledby="related-title" {
                h2 #related-title { (cx.t(lang, "page-related-topics")) }
                ul { @for r in &view.related { li { (link_to(cx, lang, r)) } } }
            }
        }
        @if view.previous.is_some() || view.next.is_some() {
            div.pager {
                @if let Some(p) = &view.previous {
                    a.previous rel="prev" href=(cx.url(lang, &format!("{}/", p.slug))) {
                        span.pager-label { (cx.t(lang, "nav-previous")) }
                        span.pager-title lang=[(p.lang != lang).then_some(p.lang)] { (p.title) }
                    }
                }
                @if let Some(n) = &view.next {
                    a.next rel="next" href=(cx.url(lang, &format!("{}/", n.slug))) {
                        span.pager-label { (cx.t(lang, "nav-next")) }
                        span.pager-title lang=[(n.lang != lang).then_some(n.lang)] { (n.title) }
                    }
                }
            }
        }
    };
    cx.document(&Head { lang, title: item.title, description: item.description, path: &path, current: Some(item.slug) }, main)
}

fn link_to(cx: &SiteContext<'_>, lang: Lang, item: &NavItem<'_>) -> Markup {
    html! {
        a href=(cx.url(lang, &format!("{}/", item.slug))) lang=[(item.lang != lang).then_some(item.lang)] { (item.title) }
    }
}

/// The table of contents: h2 entries with their h3 entries nested.
fn toc(headings: &[Heading], text_lang: Option<Lang>) -> Markup {
    let mut groups: Vec<(&Heading, Vec<&Heading>)> = Vec::new();
    for h in headings.iter().filter(|h| h.level == 2 || h.level == 3) {
        match groups.last_mut() {
            Some((top, children)) if h.level == 3 && top.level == 2 => children.push(h),
            _ => groups.push((h, Vec::new())),
        }
    }
    html! {
        ol lang=[text_lang] {
            @for (top, children) in &groups {
                li {
                    a href={ "#" (top.id) } { (top.text) }
                    @if !children.is_empty() {
                        ol { @for c in children { li { a href={ "#" (c.id) } { (c.text) } } } }
                    }
                }
            }
        }
    }
}

/// The home page of a language: every topic by weight.
pub(crate) fn home(cx: &SiteContext<'_>, lang: Lang) -> Markup {
    let main = html! {
        h1 { (cx.t(lang, "home-title")) }
        p.lead { (cx.t(lang, "home-intro")) }
        h2 { (cx.t(lang, "home-all-topics")) }
        ol.topics {
            @for item in cx.nav(lang) {
                li lang=[(item.lang != lang).then_some(item.lang)] {
                    a href=(cx.url(lang, &format!("{}/", item.slug))) { (item.title) }
                    p { (item.description) }
                }
            }
        }
        h2 { (cx.t(lang, "api-reference-title")) }
        p.reference-link {
            a href=(cx.url(lang, &format!("{}/", reference::SLUG))) { (cx.t(lang, "nav-api-reference")) }
            " — " (cx.t(lang, "api-reference-intro"))
        }
    };
    let title = cx.t(lang, "home-title");
    let intro = cx.t(lang, "home-intro");
    cx.document(&Head { lang, title: &title, description: &intro, path: "", current: None }, main)
}

/// Home › this page, for the generated pages (API reference, changelog).
fn generated_breadcrumbs(cx: &SiteContext<'_>, lang: Lang, title: &str, path: &str) -> Markup {
    html! {
        nav.breadcrumbs aria-label=(cx.t(lang, "nav-breadcrumbs-label")) {
            ol {
                li { a href=(cx.url(lang, "")) { (cx.t(lang, "nav-home")) } }
                li { a href=(cx.url(lang, path)) aria-current="page" { (title) } }
            }
        }
    }
}

/// The generated API reference in `lang`.
pub(crate) fn api_reference(cx: &SiteContext<'_>, lang: Lang, api: &Reference) -> Markup {
    let tx = Texts { locales: cx.locales, lang };
    let title = cx.t(lang, "api-reference-title");
    let intro = cx.t(lang, "api-reference-intro");
    let path = format!("{}/", reference::SLUG);
    let main = html! {
        (generated_breadcrumbs(cx, lang, &title, &path))
        article.reference {
            h1 { (title) }
            p.lead { (intro) }
            nav.toc aria-labelledby="toc-title" {
                h2 #toc-title { (cx.t(lang, "page-on-this-page")) }
                (reference::toc(api, &tx))
            }
            div.content { (reference::body(api, &tx)) }
        }
    };
    cx.document(&Head { lang, title: &title, description: &intro, path: &path, current: Some(reference::SLUG) }, main)
}

/// The schema changelog of a language.
pub(crate) fn changelog(cx: &SiteContext<'_>, lang: Lang, entries: &[changelog::Entry]) -> Markup {
    let title = cx.t(lang, "changelog-title");
    let intro = cx.t(lang, "changelog-intro");
    let path = format!("{}/", changelog::SLUG);
    let main = html! {
        (generated_breadcrumbs(cx, lang, &title, &path))
        article.changelog {
            h1 { (title) }
            p.lead { (intro) }
            div.content { (changelog::body(entries, cx.locales, lang)) }
        }
    };
    cx.document(&Head { lang, title: &title, description: &intro, path: &path, current: Some(changelog::SLUG) }, main)
}

/// The search page of a language; `search.js` fills the results.
pub(crate) fn search(cx: &SiteContext<'_>, lang: Lang) -> Markup {
    // The plural forms of the count, for Intl.PluralRules in the script.
    let form = |n: i64| cx.count(lang, "search-results-count", n).replacen(&n.to_string(), "{n}", 1);
    let main = html! {
        h1 { (cx.t(lang, "search-label")) }
        div #search-results aria-live="polite" data-lang=(lang) data-index=(cx.url(lang, "search-index.json"))
            data-no-results=(cx.t(lang, "search-no-results")) data-count-one=(form(1)) data-count-other=(form(7)) {}
    };
    let title = cx.t(lang, "search-label");
    let description = cx.t(lang, "search-placeholder");
    cx.document(&Head { lang, title: &title, description: &description, path: "search/", current: None }, main)
}

/// The root page: a script sends the reader to their language; links otherwise.
pub(crate) fn root(cx: &SiteContext<'_>) -> Markup {
    // Runs after the links, and follows the one in the reader's language (English when none matches).
    const PICK: &str = "(function(){var l=(navigator.languages||[]).concat([navigator.language||'','en']);\
        for(var i=0;i<l.length;i++){var a=document.querySelector('a[hreflang=\"'+String(l[i]).slice(0,2).toLowerCase()+'\"]');\
        if(a){location.replace(a.href);return;}}})();";
    let main = html! {
        h1 { (cx.t(Lang::En, "site-name")) }
        ul.languages-list {
            @for lang in Lang::ALL {
                li lang=(lang) { a href=(cx.url(lang, "")) hreflang=(lang) { (cx.t(lang, "site-name")) " — " (cx.t(lang, &format!("language-name-{lang}"))) } }
            }
        }
        script { (PreEscaped(PICK)) }
    };
    cx.bare_document(&cx.t(Lang::En, "site-name"), true, main)
}

/// The 404 page, in both languages at once since the address says nothing.
pub(crate) fn not_found(cx: &SiteContext<'_>) -> Markup {
    let main = html! {
        @for (i, lang) in Lang::ALL.into_iter().enumerate() {
            section lang=(lang) {
                @if i == 0 { h1 { (cx.t(lang, "not-found-title")) } } @else { h2 { (cx.t(lang, "not-found-title")) } }
                p { (cx.t(lang, "not-found-text")) }
                p { a href=(cx.url(lang, "")) { (cx.t(lang, "not-found-home-link")) } }
            }
        }
    };
    cx.bare_document(&cx.t(Lang::En, "not-found-title"), false, main)
}

/// `sitemap.xml`: every page of both languages with its `hreflang` alternates.
pub(crate) fn sitemap(cx: &SiteContext<'_>) -> String {
    let mut paths: Vec<String> = vec![String::new()];
    paths.extend(cx.nav(Lang::En).iter().map(|item| format!("{}/", item.slug)));
    paths.push(format!("{}/", reference::SLUG));
    paths.push(format!("{}/", changelog::SLUG));
    let xml = html! {
        urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml" {
            @for path in &paths {
                @for lang in Lang::ALL {
                    url {
                        loc { (cx.url(lang, path)) }
                        @for other in Lang::ALL {
                            xhtml:link rel="alternate" hreflang=(other) href=(cx.url(other, path)) {}
                        }
                    }
                }
            }
        }
    };
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", xml.into_string())
}
