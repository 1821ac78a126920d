//! A task's request (`Parameters` or `Arguments`), and the parts of it the policy reads, as the
//! request's query language reads them: a JSONPath payload template computes its `Key.$`
//! members (paths and intrinsic functions); a JSONata value computes its `{% … %}` strings
//! ([`is_jsonata`], the test the engine and the validator use).

use super::fields::RequestField;
use serde_json::{Map, Value};
use workflow_asl::{JsonataValue, PayloadTemplate};
use workflow_jsonata::jsonata_string::is_jsonata;

/// A request, or an object inside one (an EventBridge entry, an HTTP `Authentication`).
#[derive(Clone, Copy, Debug)]
pub(super) enum Request<'a> {
    /// Nothing written, or something that is not an object.
    Absent,
    /// A JSONPath payload template (`Parameters`): `Key.$` members are computed.
    Template(&'a Map<String, Value>),
    /// A JSONata value (`Arguments`) that is not an expression itself: `{% … %}` strings in it
    /// are computed.
    Jsonata(&'a Value),
    /// Computed as a whole at run time: a `{% … %}` string, or a template's `Key.$` member.
    Computed,
}

/// A field of a request, as far as the policy can name a resource by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field<'a> {
    /// A literal string.
    Literal(&'a str),
    /// No literal string: computed at run time (a `Key.$` path or intrinsic function, a
    /// JSONata expression, or a request computed as a whole), or a literal of another type.
    Dynamic,
    /// Not there.
    Missing,
}

impl<'a> Request<'a> {
    /// The request of a Task, Map `ItemReader` or `ResultWriter`: its `Parameters` (JSONPath)
    /// or else its `Arguments` (JSONata), whichever is written.
    pub(super) fn of(
        parameters: Option<&'a PayloadTemplate>,
        arguments: Option<&'a JsonataValue>,
    ) -> Self {
        match (parameters, arguments) {
            (Some(template), _) => Request::Template(template),
            (None, Some(value)) => Request::jsonata(value),
            (None, None) => Request::Absent,
        }
    }

    /// A JSONata value: computed when it is a `{% … %}` string.
    fn jsonata(value: &'a Value) -> Self {
        match value {
            Value::String(s) if is_jsonata(s) => Request::Computed,
            other => Request::Jsonata(other),
        }
    }

    /// The member `name` of an object request, as written (never a template's `name.$`).
    fn written(self, name: &str) -> Option<&'a Value> {
        match self {
            Request::Template(map) => map.get(name),
            Request::Jsonata(Value::Object(map)) => map.get(name),
            Request::Jsonata(_) | Request::Absent | Request::Computed => None,
        }
    }

    /// Whether a template computes the member `name` (`name.$`).
    fn computes(self, name: &str) -> bool {
        match self {
            Request::Template(map) => map.contains_key(&format!("{name}.$")),
            Request::Jsonata(_) | Request::Absent | Request::Computed => false,
        }
    }

    /// A member's value, classified.
    ///
    /// A `{% … %}` string in a template is a literal to Step Functions (the validator warns
    /// about it), but no resource can be named by it: it counts as computed there too.
    pub(super) fn field(self, field: RequestField) -> Field<'a> {
        let name = field.name();
        if let Request::Computed = self {
            return Field::Dynamic;
        }
        match self.written(name) {
            Some(Value::String(s)) if is_jsonata(s) => Field::Dynamic,
            Some(Value::String(s)) => Field::Literal(s),
            Some(_) => Field::Dynamic,
            None if self.computes(name) => Field::Dynamic,
            None => Field::Missing,
        }
    }

    /// The object held by the member `name` (a template's nested objects are templates, a
    /// JSONata value's are JSONata values).
    pub(super) fn part(self, field: RequestField) -> Request<'a> {
        let name = field.name();
        if let Request::Computed = self {
            return Request::Computed;
        }
        match (self, self.written(name)) {
            (Request::Template(_), Some(Value::Object(map))) => Request::Template(map),
            (Request::Template(_), Some(Value::String(s))) if is_jsonata(s) => Request::Computed,
            (Request::Jsonata(_), Some(value)) => Request::jsonata(value),
            (_, None) if self.computes(name) => Request::Computed,
            _ => Request::Absent,
        }
    }

    /// The items of the list held by the member `name`, each as a request; `None` when the
    /// list is computed at run time, missing or not a list.
    pub(super) fn items(self, field: RequestField) -> Option<Vec<Request<'a>>> {
        let name = field.name();
        if self.computes(name) {
            return None;
        }
        let Some(Value::Array(items)) = self.written(name) else {
            return None;
        };
        let item = |value: &'a Value| match (self, value) {
            (Request::Template(_), Value::Object(map)) => Request::Template(map),
            (Request::Template(_), Value::String(s)) if is_jsonata(s) => Request::Computed,
            (Request::Template(_), _) => Request::Absent,
            _ => Request::jsonata(value),
        };
        Some(items.iter().map(item).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NAME: RequestField = RequestField::new("Name");
    const LIST: RequestField = RequestField::new("List");

    fn template(value: &Value) -> Request<'_> {
        match value {
            Value::Object(map) => Request::Template(map),
            _ => Request::Absent,
        }
    }

    #[test]
    fn templates_compute_their_dollar_members() {
        let literal = json!({"Name": "n"});
        assert_eq!(template(&literal).field(NAME), Field::Literal("n"));
        let path = json!({"Name.$": "$.n"});
        assert_eq!(template(&path).field(NAME), Field::Dynamic);
        let number = json!({"Name": 1});
        assert_eq!(template(&number).field(NAME), Field::Dynamic);
        let expression = json!({"Name": "{% $n %}"});
        assert_eq!(template(&expression).field(NAME), Field::Dynamic);
        assert_eq!(template(&json!({})).field(NAME), Field::Missing);
        let nested = json!({"Auth.$": "$.auth"});
        let auth = RequestField::new("Auth");
        assert_eq!(template(&nested).part(auth).field(NAME), Field::Dynamic);
    }

    #[test]
    fn jsonata_values_compute_their_expressions() {
        let whole = json!("{% $states.input %}");
        assert_eq!(
            Request::of(None, Some(&JsonataValue::new(whole))).field(NAME),
            Field::Dynamic
        );
        let member = json!({"Name": "{% $n %}"});
        assert_eq!(
            Request::of(None, Some(&JsonataValue::new(member))).field(NAME),
            Field::Dynamic
        );
        // ` {% … %}` is a literal: the whole string must be the expression.
        let padded = json!({"Name": " {% $n %}"});
        assert_eq!(
            Request::of(None, Some(&JsonataValue::new(padded))).field(NAME),
            Field::Literal(" {% $n %}")
        );
        // `.$` means nothing in JSONata.
        let dollar = json!({"Name.$": "$.n"});
        assert_eq!(
            Request::of(None, Some(&JsonataValue::new(dollar))).field(NAME),
            Field::Missing
        );
        assert_eq!(Request::of(None, None).field(NAME), Field::Missing);
    }

    #[test]
    fn list_items_are_requests_of_the_same_language() {
        let list = json!({"List": [{"Name": "a"}, "{% $b %}", 3]});
        let items = template(&list).items(LIST).unwrap();
        let fields: Vec<Field<'_>> = items.iter().map(|i| i.field(NAME)).collect();
        assert_eq!(
            fields,
            [Field::Literal("a"), Field::Dynamic, Field::Missing]
        );
        assert!(template(&json!({"List.$": "$.l"})).items(LIST).is_none());
        let computed = json!({"List": "{% $l %}"});
        assert!(
            Request::of(None, Some(&JsonataValue::new(computed)))
                .items(LIST)
                .is_none()
        );
    }
}
