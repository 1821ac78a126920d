use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Build": codebuild::start_build.sync { ProjectNmae: "app", SourceVersion: $.name };
    }
}

fn main() {}
