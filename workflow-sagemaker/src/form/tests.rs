//! The forms read directly (the macro's side is tested in `workflow-macros-core`).

use super::{FormErrorKind, FormKey, FormValue, FormValueKind, StepForm, build};

/// A tree numbered in the order written, as the macro numbers it.
struct Tree(usize);

impl Tree {
    fn value(&mut self, kind: FormValueKind) -> FormValue {
        self.0 += 1;
        FormValue { kind, at: self.0 }
    }

    fn object(&mut self, entries: Vec<(&str, FormValue)>) -> FormValue {
        let entries = entries
            .into_iter()
            .map(|(name, value)| {
                self.0 += 1;
                (
                    FormKey {
                        name: name.to_owned(),
                        at: self.0,
                    },
                    value,
                )
            })
            .collect();
        self.value(FormValueKind::Object(entries))
    }

    fn str(&mut self, s: &str) -> FormValue {
        self.value(FormValueKind::Str(s.to_owned()))
    }
}

#[test]
fn every_mistake_is_reported_at_once() {
    let mut t = Tree(0);
    let (name, count, zero, kind) = (
        t.str("c"),
        t.str("m"),
        t.value(FormValueKind::Number(0.into())),
        t.value(FormValueKind::Path("$.type".into())),
    );
    let body = t.object(vec![
        ("endpoint_config_name", name),
        ("model", count),
        ("initial_instance_count", zero),
        ("instance_type", kind),
    ]);
    let Err(errors) = build(StepForm::EndpointConfig, &body) else {
        panic!("the form has mistakes");
    };
    let kinds: Vec<&FormErrorKind> = errors.iter().map(|e| &e.kind).collect();
    assert!(
        matches!(kinds.as_slice(), [
        FormErrorKind::UnknownArgument { name, suggestion: Some("model_name"), .. },
        FormErrorKind::WrongKind { .. },
        FormErrorKind::PathNotAllowed { .. },
    ] if name == "model"),
        "{kinds:#?}"
    );
}

#[test]
fn origins_name_the_most_specific_value_written() {
    let mut t = Tree(0);
    let (name, config) = (
        t.str("endpoint"),
        t.value(FormValueKind::Path("$.config".into())),
    );
    let (name_at, config_at) = (name.at, config.at);
    let body = t.object(vec![
        ("endpoint_name", name),
        ("endpoint_config_name", config),
    ]);
    let step = build(StepForm::Endpoint, &body).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(step.resource, "arn:aws:states:::sagemaker:createEndpoint");
    assert_eq!(step.origin("/EndpointName"), Some(name_at));
    assert_eq!(step.origin("/EndpointConfigName.$"), Some(config_at));
    // A part of the request no argument wrote belongs to the whole form.
    assert_eq!(step.origin("/Tags"), Some(body.at));
    assert_eq!(step.origin("/EndpointNameX"), Some(body.at));
}

#[test]
fn each_step_names_itself_and_its_arguments() {
    for form in StepForm::ALL {
        assert_eq!(StepForm::from_name(form.name()), Some(form));
        assert!(!form.arguments().is_empty());
    }
    assert_eq!(StepForm::from_name("TrainStep"), None);
}

#[test]
fn a_tuning_estimator_output_path_cannot_be_read_at_run_time() {
    // A training step has `output_data_config_path` for a path; a tuning job has no override,
    // so the path would be lost: it is an error, not dropped.
    let mut t = Tree(0);
    let estimator_fields = vec![
        ("image_uri", t.str("image")),
        ("role", t.str("arn:aws:iam::123456789012:role/SageMaker")),
        ("instance_count", t.value(FormValueKind::Number(1.into()))),
        ("instance_type", t.str("ml.m5.xlarge")),
        ("output_path", t.value(FormValueKind::Path("$.out".into()))),
    ];
    let estimator = t.object(estimator_fields);
    let metric = t.str("validation:auc");
    let tuner = t.object(vec![
        ("estimator", estimator),
        ("objective_metric_name", metric),
    ]);
    let (job, data) = (t.str("tuning"), t.str("s3://bucket/train"));
    let body = t.object(vec![("tuner", tuner), ("job_name", job), ("data", data)]);
    let Err(errors) = build(StepForm::Tuning, &body) else {
        panic!("a path output is refused");
    };
    assert!(
        matches!(errors.as_slice(), [e] if matches!(&e.kind, FormErrorKind::PathNotAllowed { name } if name == "output_path")),
        "{errors:#?}"
    );
}

#[test]
fn a_channels_shuffle_config_is_its_seed() {
    let mut t = Tree(0);
    let image = t.str("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
    let role = t.str("arn:aws:iam::123456789012:role/SageMaker");
    let count = t.value(FormValueKind::Number(1.into()));
    let instance_type = t.str("ml.m5.xlarge");
    let output = t.str("s3://b/models");
    let estimator = t.object(vec![
        ("image_uri", image),
        ("role", role),
        ("instance_count", count),
        ("instance_type", instance_type),
        ("output_path", output),
    ]);
    let (data, seed) = (
        t.str("s3://b/train"),
        t.value(FormValueKind::Number(42.into())),
    );
    let channel = t.object(vec![("s3_data", data), ("shuffle_config", seed)]);
    let channels = t.object(vec![("train", channel)]);
    let job = t.str("job");
    let body = t.object(vec![
        ("estimator", estimator),
        ("job_name", job),
        ("data", channels),
    ]);
    let step = build(StepForm::Training, &body).expect("a valid form");
    assert_eq!(
        step.parameters["InputDataConfig"][0]["ShuffleConfig"],
        serde_json::json!({ "Seed": 42 })
    );
}

#[test]
fn a_models_script_needs_a_framework_image() {
    let mut t = Tree(0);
    let image = t.str("123456789012.dkr.ecr.us-east-1.amazonaws.com/custom:1");
    let data = t.str("s3://b/model.tar.gz");
    let role = t.str("arn:aws:iam::123456789012:role/SageMaker");
    let entry = t.str("inference.py");
    let model = t.object(vec![
        ("image_uri", image),
        ("model_data", data),
        ("role", role),
        ("entry_point", entry),
    ]);
    let body = t.object(vec![("model", model)]);
    let Err(errors) = build(StepForm::Model, &body) else {
        panic!("a script on a custom image is refused");
    };
    assert!(
        matches!(errors.as_slice(), [e] if matches!(e.kind, FormErrorKind::ScriptMode(_)) && e.at == 4),
        "{errors:?}"
    );
}

#[test]
fn a_vpc_needs_subnets_and_security_groups() {
    let mut t = Tree(0);
    let image = t.str("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
    let role = t.str("arn:aws:iam::123456789012:role/SageMaker");
    let count = t.value(FormValueKind::Number(1.into()));
    let instance_type = t.str("ml.m5.xlarge");
    let output = t.str("s3://b/models");
    let subnet = t.str("subnet-1");
    let subnets = t.value(FormValueKind::Array(vec![subnet]));
    let estimator = t.object(vec![
        ("image_uri", image),
        ("role", role),
        ("instance_count", count),
        ("instance_type", instance_type),
        ("output_path", output),
        ("subnets", subnets),
    ]);
    let job = t.str("job");
    let body = t.object(vec![("estimator", estimator), ("job_name", job)]);
    let Err(errors) = build(StepForm::Training, &body) else {
        panic!("a VPC without security groups is refused");
    };
    assert!(
        matches!(errors.as_slice(), [e] if matches!(&e.kind, FormErrorKind::WrongKind { name, .. } if name == "subnets") && e.at == 7),
        "{errors:?}"
    );
}
