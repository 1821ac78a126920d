//! S3: the bucket and objects a Distributed Map's `ItemReader` (`s3:getObject`,
//! `s3:listObjectsV2`) and `ResultWriter` (`s3:putObject`) name, and the same calls through
//! `aws-sdk:s3`.

use super::builder::{Builder, operation, sid};
use super::fields::{BUCKET, KEY, PREFIX};
use super::request::{Field, Request};

impl Builder<'_> {
    /// Grants what the S3 `action` needs on the bucket and key the request names.
    pub(super) fn s3(&mut self, action: &str, request: Request<'_>) {
        let partition = self.ctx.partition.clone();
        // A bucket's ARN has no region and no account (Amazon S3 User Guide, "Policy
        // resources": `arn:aws:s3:::bucket_name`).
        let bucket = match request.field(BUCKET) {
            Field::Literal(b) => Some(b.to_owned()),
            Field::Dynamic | Field::Missing => None,
        };
        let bucket_arn = |b: &str| {
            crate::aws_models::Arn {
                partition: &partition,
                service: "s3",
                region: "",
                account: "",
                resource: b,
            }
            .to_string()
        };
        match action {
            "listObjectsV2" | "listObjects" | "headBucket" => match bucket {
                Some(b) => self.allow(
                    sid(&["S3", "ListBucket"]),
                    &["s3:ListBucket"],
                    vec![bucket_arn(&b)],
                ),
                None => self.allow(
                    sid(&[
                        "S3",
                        "ListBucket",
                        "OnAnyBucketBecause",
                        "Bucket",
                        "IsComputedAtRunTime",
                    ]),
                    &["s3:ListBucket"],
                    vec!["*".into()],
                ),
            },
            "putObject" => {
                let actions = [
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:AbortMultipartUpload",
                ];
                let key = match (request.field(KEY), request.field(PREFIX)) {
                    (Field::Literal(k), _) => Some(k.to_owned()),
                    (Field::Missing, Field::Literal(prefix)) => Some(format!("{prefix}*")),
                    (Field::Missing, Field::Missing) => Some("*".to_owned()),
                    _ => None,
                };
                match (bucket, key) {
                    (Some(b), Some(k)) => self.allow(
                        sid(&["S3", "WriteObjects"]),
                        &actions,
                        vec![format!("{}/{k}", bucket_arn(&b))],
                    ),
                    (Some(b), None) => self.allow(
                        sid(&[
                            "S3",
                            "WriteObjects",
                            "AnyKeyBecause",
                            "Key",
                            "IsComputedAtRunTime",
                        ]),
                        &actions,
                        vec![format!("{}/*", bucket_arn(&b))],
                    ),
                    (None, _) => self.allow(
                        sid(&[
                            "S3",
                            "WriteObjects",
                            "OnAnyBucketBecause",
                            "Bucket",
                            "IsComputedAtRunTime",
                        ]),
                        &actions,
                        vec!["*".into()],
                    ),
                }
            }
            _ => {
                let iam_action = match action {
                    "headObject" => "s3:GetObject".to_owned(),
                    "deleteObjects" => "s3:DeleteObject".to_owned(),
                    other => format!("s3:{}", operation("s3", other, true)),
                };
                let key = match request.field(KEY) {
                    Field::Literal(k) => Some(k.to_owned()),
                    Field::Dynamic | Field::Missing => None,
                };
                let name = iam_action.strip_prefix("s3:").unwrap_or(&iam_action);
                match (bucket, key) {
                    (Some(b), Some(k)) => self.allow(
                        sid(&["S3", name]),
                        &[iam_action.as_str()],
                        vec![format!("{}/{k}", bucket_arn(&b))],
                    ),
                    (Some(b), None) => self.allow(
                        sid(&["S3", name, "AnyKeyBecause", "Key", "IsComputedAtRunTime"]),
                        &[iam_action.as_str()],
                        vec![format!("{}/*", bucket_arn(&b))],
                    ),
                    (None, _) => self.allow(
                        sid(&[
                            "S3",
                            name,
                            "OnAnyBucketBecause",
                            "Bucket",
                            "IsComputedAtRunTime",
                        ]),
                        &[iam_action.as_str()],
                        vec!["*".into()],
                    ),
                }
            }
        }
    }
}
