use workflow_runtime::workflow;

// `eks:createCluster.sync` answers the active cluster (`{Cluster}`, as CreateCluster does):
// its API server is at `Cluster.Endpoint`.
workflow! {
    pub Case {
        "Create": eks::create_cluster.sync {
            Name: "jobs",
            RoleArn: "arn:aws:iam::123456789012:role/eks",
            ResourcesVpcConfig: { SubnetIds: ["subnet-1", "subnet-2"] },
        } result_path = $.eks -> "Run";
        "Run": eks::run_job.sync {
            ClusterName: "jobs",
            CertificateAuthority: $.eks.Cluster.CertificateAuthority.Data,
            Endpoint: $.eks.Cluster.EndPoint,
            Job: { apiVersion: "batch/v1", kind: "Job" },
        } result_path = $.job -> "Done";
        "Done": succeed;
    }
}

fn main() {}
