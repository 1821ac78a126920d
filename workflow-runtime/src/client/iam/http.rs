//! HTTP Tasks (`http:invoke`): `states:InvokeHTTPEndpoint` on the state machine itself, limited
//! to the method and endpoint the request names; the EventBridge connection's credentials and
//! the secret that holds them.

use super::builder::{Builder, ITS_NAME_IS_NOT_KNOWN, sid};
use super::fields::{API_ENDPOINT, AUTHENTICATION, CONNECTION_ARN, METHOD};
use super::request::{Field, Request};
use serde_json::{Map, Value, json};

impl Builder<'_> {
    /// Grants what an HTTP Task with this request needs.
    pub(super) fn http(&mut self, request: Request<'_>) {
        let target = self.self_arn();
        let mut condition = Map::new();
        if let Field::Literal(m) = request.field(METHOD) {
            condition.insert("StringEquals".into(), json!({"states:HTTPMethod": m}));
        }
        if let Field::Literal(e) = request.field(API_ENDPOINT) {
            condition.insert(
                "StringLike".into(),
                json!({"states:HTTPEndpoint": format!("{e}*")}),
            );
        }
        let condition = (!condition.is_empty()).then_some(Value::Object(condition));
        match target {
            Some(arn) => self.allow_if(
                sid(&["Http", "Invoke"]),
                &["states:InvokeHTTPEndpoint"],
                vec![arn],
                condition,
            ),
            None => self.allow_if(
                sid(&[&["Http", "Invoke"], ITS_NAME_IS_NOT_KNOWN].concat()),
                &["states:InvokeHTTPEndpoint"],
                vec!["*".into()],
                condition,
            ),
        }
        self.named(
            &["Http", "Connection", "Credentials"],
            &["events:RetrieveConnectionCredentials"],
            request.part(AUTHENTICATION),
            CONNECTION_ARN,
            |_, v| vec![v.to_owned()],
        );
        let secrets = crate::aws_models::Arn {
            partition: &self.ctx.partition,
            service: "secretsmanager",
            region: "*",
            account: "*",
            resource: "secret:events!connection/*",
        }
        .to_string();
        self.allow(
            sid(&["Http", "Connection", "Secrets"]),
            &[
                "secretsmanager:GetSecretValue",
                "secretsmanager:DescribeSecret",
            ],
            vec![secrets],
        );
    }
}
