//! AWS's API models: every service's operations and their request and response shapes.
//!
//! The table is generated from botocore [`BOTOCORE_VERSION`] by
//! `tools/aws-models/generate.py` and embedded compressed, one stream per service; a service
//! is decoded the first time it is used (one [`OnceLock`] per service), so a workflow pays only
//! for the services it calls.

pub(crate) mod decode;
#[rustfmt::skip]
mod index;
pub(crate) mod pattern;
pub(crate) mod shape;
pub(crate) mod synth;

pub(crate) use index::SERVICE_COUNT;
pub use index::{BOTOCORE_VERSION, OPERATION_COUNT};
pub use shape::{Bounds, Member, Shape, ShapeKind};

pub(crate) use decode::{Model, java_spelling};
use std::fmt;
use std::sync::OnceLock;
use workflow_text::case::Case;

/// One service of the generated index (`index.rs`).
pub(crate) struct ServiceEntry {
    /// botocore's directory name, e.g. `stepfunctions`.
    pub(crate) botocore: &'static str,
    /// The AWS SDK integration name, e.g. `sfn` (`arn:aws:states:::aws-sdk:sfn:…`).
    pub(crate) sdk: &'static str,
    /// The prefix of the service's error names in `aws-sdk` integrations, e.g. `Sfn`.
    pub(crate) prefix: &'static str,
    /// The model's `serviceId`, e.g. `SFN`.
    pub(crate) id: &'static str,
    /// The wire protocol, e.g. `json`, `rest-json`, `query`.
    pub(crate) protocol: &'static str,
    /// The API version, e.g. `2016-11-23`.
    pub(crate) version: &'static str,
    /// How many operations the service has.
    pub(crate) operations: usize,
    /// Where its zlib stream starts in `models.bin`.
    pub(crate) offset: usize,
    /// The length of its zlib stream.
    pub(crate) len: usize,
}

/// Every service's compact model, one zlib stream each.
static DATA: &[u8] = include_bytes!("../../data/models.bin");

/// The decoded services, filled on first use.
static DECODED: [OnceLock<Model>; SERVICE_COUNT] = [const { OnceLock::new() }; SERVICE_COUNT];

/// An AWS service of the models, e.g. SageMaker or S3.
///
/// ```
/// use workflow_aws_models::{Service, ShapeKind};
///
/// let sagemaker = Service::by_sdk_name("sagemaker").unwrap();
/// let op = sagemaker.operation_by_action("createTrainingJob").unwrap();
/// let request = op.input().unwrap();
/// assert!(request.member("RoleArn").unwrap().is_required());
/// let count = request.member("ResourceConfig").unwrap().shape().member("InstanceCount").unwrap();
/// assert_eq!(count.shape().kind(), ShapeKind::Integer);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Service {
    index: usize,
}

impl Service {
    /// Every service, in botocore's order (by botocore name).
    pub fn all() -> impl ExactSizeIterator<Item = Service> {
        (0..SERVICE_COUNT).map(|index| Service { index })
    }

    /// The service an AWS SDK integration names, e.g. `s3`, `sfn`, `eventbridge`
    /// (`arn:aws:states:::aws-sdk:<name>:<action>`).
    pub fn by_sdk_name(name: &str) -> Option<Service> {
        Service::all().find(|s| s.entry().sdk == name)
    }

    /// The service botocore names `name`, e.g. `stepfunctions`, `events`, `emr`.
    pub fn by_botocore_name(name: &str) -> Option<Service> {
        index::SERVICES
            .binary_search_by(|e| e.botocore.cmp(name))
            .ok()
            .map(|index| Service { index })
    }

    /// Its position in the index (the wire form's streams are in the same order).
    #[cfg(feature = "wire")]
    pub(crate) fn position(self) -> usize {
        self.index
    }

    fn entry(self) -> &'static ServiceEntry {
        &index::SERVICES[self.index]
    }

    /// botocore's name, e.g. `stepfunctions`.
    pub fn botocore_name(self) -> &'static str {
        self.entry().botocore
    }

    /// The AWS SDK integration name, e.g. `sfn`.
    pub fn sdk_name(self) -> &'static str {
        self.entry().sdk
    }

    /// The model's service id, e.g. `SFN`.
    pub fn service_id(self) -> &'static str {
        self.entry().id
    }

    /// The wire protocol, e.g. `json`, `rest-json`, `query`, `rest-xml`, `ec2`.
    pub fn protocol(self) -> &'static str {
        self.entry().protocol
    }

    /// The API version, e.g. `2016-11-23`.
    pub fn api_version(self) -> &'static str {
        self.entry().version
    }

    /// The prefix of error names raised by this service's AWS SDK integrations: errors are
    /// `<prefix>.<Exception>`, e.g. `Sfn.InvalidTokenException`, `DynamoDb.ResourceNotFoundException`.
    pub fn error_prefix(self) -> &'static str {
        self.entry().prefix
    }

    /// How many operations the service has (without decoding it).
    pub fn operation_count(self) -> usize {
        self.entry().operations
    }

    /// The decoded model (decoded on first use).
    pub(crate) fn model(self) -> &'static Model {
        DECODED[self.index].get_or_init(|| {
            let e = self.entry();
            let mut model =
                Model::decode(&DATA[e.offset..e.offset + e.len]).unwrap_or_else(|err| {
                    // The embedded table is generated and checked by tests/generator.rs and
                    // tests/models.rs decodes every service: this is not reachable from user
                    // input.
                    panic!("the embedded model of `{}` is corrupt: {err}", e.botocore)
                });
            crate::overlay::documented_bounds::apply(e.botocore, &mut model);
            model
        })
    }

    /// Every operation, sorted by name.
    pub fn operations(self) -> impl ExactSizeIterator<Item = Operation> {
        let model = self.model();
        (0..model.operations.len()).map(move |index| Operation {
            service: self,
            index,
        })
    }

    /// The operation named `name` in the API's PascalCase, e.g. `CreateTrainingJob`.
    pub fn operation(self, name: &str) -> Option<Operation> {
        let model = self.model();
        model
            .operations
            .binary_search_by(|op| (*op.name).cmp(name))
            .ok()
            .map(|index| Operation {
                service: self,
                index,
            })
    }

    /// The operation an ASL resource names by its camelCase action, e.g. `createTrainingJob`,
    /// `listObjectsV2`, `describeDBInstances`.
    pub fn operation_by_action(self, action: &str) -> Option<Operation> {
        let mut chars = action.chars();
        let first = chars.next()?;
        if !first.is_ascii_lowercase() {
            return None;
        }
        let name = format!("{}{}", first.to_ascii_uppercase(), chars.as_str());
        self.operation(&name)
    }

    /// The operation whose name has the words of `name` in any case (their [`Case::Flat`]
    /// spellings are equal), e.g.
    /// `describe_db_instances` → `DescribeDBInstances` (for snake_case spellings); `None` when
    /// nothing or more than one operation matches.
    pub fn operation_by_snake_name(self, name: &str) -> Option<Operation> {
        let key = Case::Flat.apply(name);
        let mut found = self
            .operations()
            .filter(|op| Case::Flat.apply(op.name()) == key);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Service({})", self.botocore_name())
    }
}

/// An operation of a service, e.g. SageMaker's `CreateTrainingJob`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    service: Service,
    index: usize,
}

impl Operation {
    fn data(self) -> &'static decode::OperationData {
        &self.service.model().operations[self.index]
    }

    /// The service it belongs to.
    pub fn service(self) -> Service {
        self.service
    }

    /// The API's name, e.g. `CreateTrainingJob`.
    pub fn name(self) -> &'static str {
        &self.data().name
    }

    /// The camelCase action an ASL resource names, e.g. `createTrainingJob`.
    pub fn action(self) -> String {
        let name = self.name();
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => format!("{}{}", first.to_ascii_lowercase(), chars.as_str()),
            None => String::new(),
        }
    }

    /// Its position among the service's operations (the wire form's are in the same order).
    #[cfg(feature = "wire")]
    pub(crate) fn position(self) -> usize {
        self.index
    }

    /// The request shape (`None` for an operation that takes nothing).
    pub fn input(self) -> Option<Shape> {
        let data = self.data();
        data.input.map(|i| Shape::new(self.service.model(), i))
    }

    /// The response shape (`None` for an operation that returns nothing).
    pub fn output(self) -> Option<Shape> {
        let data = self.data();
        data.output.map(|i| Shape::new(self.service.model(), i))
    }

    /// The names of the errors the model lists for it, e.g. `ResourceNotFound`.
    pub fn errors(self) -> impl Iterator<Item = &'static str> {
        self.data().errors.iter().map(|e| &**e)
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Operation({}:{})",
            self.service.botocore_name(),
            self.name()
        )
    }
}
