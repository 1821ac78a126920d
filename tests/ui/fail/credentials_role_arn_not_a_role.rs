use workflow_runtime::workflow;

// Step Functions assumes the role `Credentials` names before calling the resource: a user's
// ARN is not a role's.
workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f", Payload: {} }
            credentials { RoleArn: "arn:aws:iam::123456789012:user/deployer" };
    }
}

fn main() {}
