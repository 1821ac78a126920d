//! An Amazon Resource Name taken apart: the one place that splits `arn:…` text into its six
//! parts (`arn:<partition>:<service>:<region>:<account>:<resource>`, AWS General Reference,
//! "Amazon Resource Names"). A Task's `Resource` becomes a [`crate::Resource`]; other ARNs a
//! definition holds (a role in `Credentials`) are read with this.

/// The parts of an ARN, borrowed from its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: &'a str,
    /// `iam`, `states`, `lambda`, …
    pub service: &'a str,
    /// The region, empty for global services and the optimized integrations.
    pub region: &'a str,
    /// The account, empty where the ARN has none.
    pub account: &'a str,
    /// Everything after the account: `role/Name`, `function:f`, `lambda:invoke`.
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// The parts of `text`, where it starts with `arn:` and has six `:`-separated parts (the
    /// resource may hold more `:`).
    ///
    /// ```
    /// use workflow_aws_models::Arn;
    /// let arn = Arn::parse("arn:aws:iam::123456789012:role/etl/Loader").unwrap();
    /// assert_eq!((arn.service, arn.account, arn.resource), ("iam", "123456789012", "role/etl/Loader"));
    /// assert!(Arn::parse("arn:aws:iam").is_none());
    /// ```
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        Self::parse_parts(text.strip_prefix("arn:")?)
    }

    /// The parts of what follows `arn:` (`<partition>:<service>:…`).
    ///
    /// (An ARN is written back by its [`std::fmt::Display`]: `arn:` and the five parts
    /// joined by `:`.)
    pub(crate) fn parse_parts(rest: &'a str) -> Option<Arn<'a>> {
        let mut parts = rest.splitn(5, ':');
        Some(Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }
}

impl std::fmt::Display for Arn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Arn;

    #[test]
    fn an_arn_is_written_back_as_it_was_read() {
        for text in [
            "arn:aws:iam::123456789012:role/etl/Loader",
            "arn:aws-cn:lambda:cn-north-1:1:function:f:prod",
            "arn:aws:s3:::bucket",
        ] {
            assert_eq!(
                Arn::parse(text).map(|a| a.to_string()).as_deref(),
                Some(text)
            );
        }
    }
}
