//! SNS `publish`: on the topic (`TopicArn`) or target (`TargetArn`) it names; on `*` when it
//! sends an SMS (`PhoneNumber`), which has no ARN.

use super::builder::Builder;
use super::fields::{PHONE_NUMBER, TARGET_ARN, TOPIC_ARN};
use super::request::{Field, Request};

impl Builder<'_> {
    /// Grants `sns:Publish` for the request.
    pub(super) fn sns_publish(&mut self, request: Request<'_>) {
        let topic = request.field(TOPIC_ARN);
        let field = match (topic, request.field(TARGET_ARN)) {
            (Field::Missing, Field::Literal(_) | Field::Dynamic) => TARGET_ARN,
            _ => TOPIC_ARN,
        };
        if field == TOPIC_ARN
            && topic == Field::Missing
            && request.field(PHONE_NUMBER) != Field::Missing
        {
            self.allow_any(
                &["Sns", "Publish"],
                &["It", "Sends", "To", "A", "PhoneNumber"],
                &["sns:Publish"],
            );
        } else {
            self.named(
                &["Sns", "Publish"],
                &["sns:Publish"],
                request,
                field,
                |_, v| vec![v.to_owned()],
            );
        }
    }
}
