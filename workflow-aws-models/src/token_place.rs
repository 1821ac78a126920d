//! Where a callback's task token goes in its request ([`Integration::token_place`]): the
//! member the service hands on to whoever answers, read from the request shape.

use crate::Integration;

/// Where a `.waitForTaskToken` Task's request carries its task token so that it reaches
/// whoever sends it back: the member of the request the service hands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenPlace {
    /// SQS `sendMessage`: in the message, `MessageBody`.
    MessageBody,
    /// SNS `publish`: in the message, `Message`.
    Message,
    /// EventBridge `putEvents`: in an entry's `Detail`.
    EventDetail,
    /// Lambda `invoke`: in the function's `Payload`.
    Payload,
    /// Step Functions `startExecution`: in the started execution's `Input`.
    ExecutionInput,
    /// ECS `runTask`: in a container's environment (`Overrides.ContainerOverrides[].Environment`).
    ContainerEnvironment,
    /// API Gateway `invoke`: in the `RequestBody`.
    RequestBody,
    /// Any other request: a member of it the service hands on.
    Request,
}

/// The request members that mark each place, in the order they are looked for.
const MARKS: &[(&str, TokenPlace)] = &[
    ("MessageBody", TokenPlace::MessageBody),
    ("Entries", TokenPlace::EventDetail),
    ("Payload", TokenPlace::Payload),
    ("RequestBody", TokenPlace::RequestBody),
    ("Overrides", TokenPlace::ContainerEnvironment),
    ("Input", TokenPlace::ExecutionInput),
    ("Message", TokenPlace::Message),
];

impl Integration {
    /// Where a callback of this integration carries its task token: the first member of its
    /// request shape that the service hands on (`MessageBody`, `Entries`' `Detail`,
    /// `Payload`, `RequestBody`, a container's environment, `Input`, `Message`), else
    /// [`TokenPlace::Request`].
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern, TokenPlace};
    /// let send = Integration::named("sqs", "send_message", Pattern::WaitForTaskToken).unwrap();
    /// assert_eq!(send.token_place(), TokenPlace::MessageBody);
    /// ```
    pub fn token_place(&self) -> TokenPlace {
        let Some(request) = self.request() else {
            return TokenPlace::Request;
        };
        MARKS
            .iter()
            .find(|(member, _)| request.member(member).is_some())
            .map_or(TokenPlace::Request, |(_, place)| *place)
    }
}
