//! Paging through a `List…` listing of `workflow serve` (or any Step Functions endpoint): the
//! test of pages under concurrent changes (`tests/serve_api.rs`) and the `pages` part of the
//! `serve_scale` bench include it.

use serde_json::{Value, json};

/// Every row of the listing `request` asks for, `size` rows a page: the `key` member of each
/// row of `list`, in order. `call` answers one page's request (`None` when it failed: the rows
/// so far are returned).
pub fn page_through(
    mut call: impl FnMut(&Value) -> Option<Value>,
    request: &Value,
    size: usize,
    list: &str,
    key: &str,
) -> Vec<String> {
    let mut rows = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut request = request.clone();
        request["maxResults"] = json!(size);
        if let Some(t) = &token {
            request["nextToken"] = json!(t);
        }
        let Some(page) = call(&request) else {
            return rows;
        };
        let got = page[list].as_array().cloned().unwrap_or_default();
        assert!(got.len() <= size, "a page over its maxResults: {page}");
        rows.extend(
            got.iter()
                .filter_map(|r| r[key].as_str().map(str::to_owned)),
        );
        match page["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => return rows,
        }
    }
}
