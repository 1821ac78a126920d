//! Every embedded service decodes, and its operations' shapes are reachable: the table is
//! whole (the generator's test checks it is what botocore gives).

use workflow_aws_models::{OPERATION_COUNT, Service, ShapeKind};

#[test]
fn every_service_decodes() {
    let mut operations = 0;
    let mut structures = 0;
    for service in Service::all() {
        assert_eq!(
            Service::by_sdk_name(service.sdk_name()),
            Some(service),
            "{service:?}: SDK names are unique"
        );
        assert_eq!(service.operations().len(), service.operation_count());
        for op in service.operations() {
            operations += 1;
            assert_eq!(service.operation_by_action(&op.action()), Some(op));
            for shape in [op.input(), op.output()].into_iter().flatten() {
                assert_eq!(shape.kind(), ShapeKind::Object, "{op:?}");
                structures += 1;
                for member in shape.members() {
                    let _ = member.shape().kind();
                }
            }
        }
    }
    println!(
        "{} services, {operations} operations, {structures} request and response structures",
        Service::all().len()
    );
    assert_eq!(operations, OPERATION_COUNT);
}
