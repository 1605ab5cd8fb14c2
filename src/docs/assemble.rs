//! Rendering the pages in parallel and putting the site together: content
//! pages, a home and search page per language, the search indexes, the root
//! page, the 404 page, the sitemap and the assets.

use rayon::prelude::*;

use super::changelog;
use super::graphql::Checker;
use super::layout::{NavItem, SiteContext};
use super::markdown::{self, Heading, RenderContext, Rendered};
use super::plan::{Plan, PlannedPage, Status};
use super::reference::{self, Reference, Texts};
use super::search;
use super::site::{Site, CSS, HTML, JS, JSON, XML};
use super::templates::{self, Banner, PageView};
use crate::i18n::{Lang, Locales};

/// The stylesheet: responsive, dark mode, print.
const STYLE_CSS: &str = include_str!("assets/style.css");
/// Copy buttons on code blocks.
const SITE_JS: &str = include_str!("assets/site.js");

/// How many pages [`site`] makes at a time: enough to keep every core busy.
const PAGES_PER_BATCH: usize = 64;

/// Everything the rendering of a body reads, but the Fluent files (a change
/// there empties the cache) and the schema (the same for a builder's life).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct RenderKey {
    file: std::path::PathBuf,
    dir: String,
    body: u64,
    first_line: usize,
    content_lang: Lang,
    link_lang: Lang,
    /// The English headings a translation takes its ids from.
    model: u64,
    validated: bool,
    base_url: String,
    api_url: String,
}

fn fingerprint<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Renders every page body; `result[i]` belongs to `plan.pages[i]`. English
/// pages go first, so translations can borrow their heading ids. A body
/// found in `cache` under the same [`RenderKey`] is not rendered again; the
/// count of those that were comes back too.
pub(crate) fn render_all(
    plan: &Plan,
    locales: &Locales,
    checker: &Checker,
    base_url: &str,
    api_url: &str,
    mut cache: Option<&mut std::collections::HashMap<RenderKey, Rendered>>,
) -> (Vec<Rendered>, usize) {
    let key = |page: &PlannedPage, model: Option<&[Heading]>| {
        let source = plan.source_of(page);
        let untranslated = page.status == Status::Untranslated;
        RenderKey {
            file: source.path.clone(),
            dir: source.dir.clone(),
            body: fingerprint(&source.body),
            first_line: source.body_line,
            content_lang: source.lang,
            link_lang: page.lang,
            model: model.map_or(0, |m| fingerprint(&m.iter().map(|h| (h.level, h.id.as_str())).collect::<Vec<_>>())),
            validated: !untranslated,
            base_url: base_url.to_owned(),
            api_url: api_url.to_owned(),
        }
    };
    let render = |page: &PlannedPage, model: Option<&[Heading]>| {
        let source = plan.source_of(page);
        let untranslated = page.status == Status::Untranslated;
        let cx = RenderContext {
            locales,
            content_lang: source.lang,
            link_lang: page.lang,
            base_url,
            api_url,
            file: &source.path,
            dir: &source.dir,
            first_line: source.body_line,
            id_model: model,
            checker: (!untranslated).then_some(checker),
        };
        let mut body = markdown::render(&source.body, &cx);
        if untranslated {
            // The English page reports these already.
            body.errors.clear();
            body.links.clear();
            body.examples = 0;
            body.unrun.clear();
        }
        body
    };
    let empty = std::collections::HashMap::new();
    let known: &std::collections::HashMap<RenderKey, Rendered> = cache.as_deref().unwrap_or(&empty);
    let fetch = |page: &PlannedPage, model: Option<&[Heading]>| {
        let k = key(page, model);
        match known.get(&k) {
            Some(body) => (k, body.clone(), false),
            None => (k, render(page, model), true),
        }
    };
    let english: Vec<(usize, (RenderKey, Rendered, bool))> =
        plan.pages.par_iter().enumerate().filter(|(_, p)| p.lang == Lang::En).map(|(i, p)| (i, fetch(p, None))).collect();
    let model_of = |slug: &str| english.iter().find(|(i, _)| plan.pages[*i].slug == slug).map(|(_, r)| r.1.headings.as_slice());
    let others: Vec<(usize, (RenderKey, Rendered, bool))> =
        plan.pages.par_iter().enumerate().filter(|(_, p)| p.lang != Lang::En).map(|(i, p)| (i, fetch(p, model_of(&p.slug)))).collect();
    let mut all: Vec<(usize, (RenderKey, Rendered, bool))> = english.into_iter().chain(others).collect();
    all.sort_by_key(|(i, _)| *i);
    let again = all.iter().filter(|(_, (_, _, fresh))| *fresh).count();
    // The cache keeps this build's bodies only: a page that went away goes too.
    if let Some(cache) = cache.as_mut() {
        cache.clear();
        cache.extend(all.iter().map(|(_, (k, body, _))| (k.clone(), body.clone())));
    }
    (all.into_iter().map(|(_, (_, body, _))| body).collect(), again)
}

/// The navigation entry of a page.
fn nav_item<'a>(plan: &'a Plan, page: &'a PlannedPage) -> NavItem<'a> {
    let source = plan.source_of(page);
    NavItem {
        slug: &page.slug,
        title: &source.front.title,
        description: &source.front.description,
        lang: source.lang,
        parent: super::sections::parent(source),
        is_section: source.is_index,
    }
}

/// Puts the site together, into `site`, from rendered bodies that passed
/// every check. Pages are made a batch at a time, so that a site written as
/// it is built (see [`Site::writing_to`]) holds only one batch in memory.
pub(crate) fn site(
    mut site: Site,
    plan: &Plan,
    rendered: &[Rendered],
    locales: &Locales,
    base_url: &str,
    api: &Reference,
    changes: &[changelog::Entry],
) -> Site {
    let nav = Lang::ALL.into_iter().map(|lang| (lang, plan.pages_in(lang).map(|(_, p)| nav_item(plan, p)).collect())).collect();
    let cx = SiteContext::new(locales, base_url, nav);
    let indexes: Vec<usize> = (0..plan.pages.len()).collect();
    for batch in indexes.chunks(PAGES_PER_BATCH) {
        let pages: Vec<(String, String)> = batch
            .par_iter()
            .filter_map(|&index| {
                let (page, body) = (&plan.pages[index], rendered.get(index)?);
                let view = page_view(plan, &cx, index, body);
                Some((format!("{}/{}/index.html", page.lang, page.slug), templates::page(&cx, &view).into_string()))
            })
            .collect();
        for (path, html) in pages {
            site.insert(path, HTML, html);
        }
    }
    let references: Vec<(Lang, String)> =
        Lang::ALL.par_iter().map(|&lang| (lang, templates::api_reference(&cx, lang, api).into_string())).collect();
    for (lang, html) in references {
        site.insert(format!("{lang}/{}/index.html", reference::SLUG), HTML, html);
    }
    for lang in Lang::ALL {
        site.insert(format!("{lang}/{}/index.html", changelog::SLUG), HTML, templates::changelog(&cx, lang, changes).into_string());
        site.insert(format!("{lang}/index.html"), HTML, templates::home(&cx, lang).into_string());
        site.insert(format!("{lang}/search/index.html"), HTML, templates::search(&cx, lang).into_string());
        let mut entries: Vec<(NavItem<'_>, &Rendered)> =
            plan.pages_in(lang).filter_map(|(i, p)| Some((nav_item(plan, p), rendered.get(i)?))).collect();
        // The reference is found by type and field names, and by its descriptions.
        let (title, description) = (cx.t(lang, "api-reference-title"), cx.t(lang, "api-reference-intro"));
        let tx = Texts { locales, lang };
        let body = Rendered {
            text: reference::search_text(api, &tx),
            headings: api.types.iter().map(|t| Heading { level: 3, id: t.name.clone(), text: t.name.clone(), line: 0 }).collect(),
            ..Rendered::default()
        };
        let item = NavItem { slug: reference::SLUG, title: &title, description: &description, lang, parent: "", is_section: false };
        entries.push((item, &body));
        site.insert(format!("{lang}/search-index.json"), JSON, search::index(&cx, lang, &entries));
    }
    site.insert("index.html", HTML, templates::root(&cx).into_string());
    site.insert("404.html", HTML, templates::not_found(&cx).into_string());
    site.insert("sitemap.xml", XML, templates::sitemap(&cx));
    site.insert("style.css", CSS, STYLE_CSS);
    site.insert("search.js", JS, search::SEARCH_JS);
    site.insert("site.js", JS, SITE_JS);
    site
}

/// Everything around the body of page `index`: banner, related, previous and next.
fn page_view<'a>(plan: &'a Plan, cx: &SiteContext<'a>, index: usize, body: &'a Rendered) -> PageView<'a> {
    let page = &plan.pages[index];
    let source = plan.source_of(page);
    let siblings = cx.nav(page.lang);
    let position = siblings.iter().position(|item| item.slug == page.slug);
    let previous = position.and_then(|p| p.checked_sub(1)).and_then(|p| siblings.get(p)).copied();
    let next = position.and_then(|p| siblings.get(p + 1)).copied();
    let related = source.front.related.iter().filter_map(|r| siblings.iter().find(|item| item.slug == r.value).copied()).collect();
    let applies_to = source.front.applies_to.iter().map(|role| cx.t(page.lang, &role_term(&role.value))).collect();
    let banner = match page.status {
        Status::Outdated => Some(Banner::Outdated),
        Status::Untranslated => Some(Banner::Untranslated),
        Status::Original | Status::Current => None,
    };
    let ancestors = super::sections::ancestors(&page.slug)
        .into_iter()
        .filter_map(|up| plan.find(page.lang, up))
        .map(|i| nav_item(plan, &plan.pages[i]))
        .collect();
    PageView { lang: page.lang, item: nav_item(plan, page), body, banner, applies_to, related, previous, next, ancestors }
}

/// The `terms.ftl` message naming a role of the API: `GLOBAL_ADMIN` → `term-role-global-admin`.
pub(crate) fn role_term(role: &str) -> String {
    format!("term-role-{}", role.to_ascii_lowercase().replace('_', "-"))
}
